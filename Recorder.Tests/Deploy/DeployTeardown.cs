using NUnit.Framework;

namespace QuantowerRecorder.Tests.Deploy;

/// <summary>Removes the deployment shared by the deploy tests once they have all run.</summary>
[SetUpFixture]
public sealed class DeployTeardown
{
    [OneTimeTearDown]
    public void RemoveSharedDeployment() => DeployedOnce.Delete();
}
