using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Team;

/// <summary>Stops the throwaway PostgreSQL cluster after the last team-store test of the run.</summary>
[SetUpFixture]
public sealed class TeamServerTeardown
{
    [OneTimeTearDown]
    public void StopServer() => PostgresServer.StopIfStarted();
}
