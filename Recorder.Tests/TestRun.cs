using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests;

/// <summary>
/// What the whole run shares is put away once its last test is done: the throwaway PostgreSQL cluster (Storage and
/// Team fixtures both use it, in any order) and the run's folder with the recorded demo. Parallelizable like a fixture
/// (see Parallelism.cs): a set-up fixture without the attribute makes NUnit run what is under it alone.
/// </summary>
[SetUpFixture]
[Parallelizable(ParallelScope.Self | ParallelScope.Fixtures)]
public sealed class TestRun
{
    [OneTimeTearDown]
    public void PutAwayWhatTheRunShares()
    {
        PostgresServer.StopIfStarted();
        RunFolder.RemoveIfMade();
    }
}
