using NUnit.Framework;

namespace QuantowerRecorder.Tests.Deploy;

/// <summary>
/// The deploy tests' namespace: dispatched first of the suite's (its fixtures are the longest: build.ps1's own test
/// step, and the redeploys that wait for the shared first deploy), the rest of the suite running beside it; it removes
/// the deployment they share once they have all run. Parallelizable like a fixture: a set-up fixture without the
/// attribute makes NUnit run its whole namespace alone, with nothing beside it.
/// </summary>
[SetUpFixture]
[Order(1)]
[Parallelizable(ParallelScope.Self | ParallelScope.Fixtures)]
public sealed class DeployTeardown
{
    [OneTimeTearDown]
    public void RemoveSharedDeployment() => DeployedOnce.Delete();
}
