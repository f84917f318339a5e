namespace QuantowerRecorder.Tests.Strategies;

/// <summary>A strategy that knows nothing of the recorder: the Run Recorder follows it.</summary>
public sealed class HostedFollowedStrategy : BarTrader
{
    public HostedFollowedStrategy()
    {
        this.Name = "Hosted followed strategy";
    }
}
