using QuantowerRecorder.Plugin;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Tests.Strategies;

/// <summary>An author's strategy with the one line: RunRecorder.Start in OnRun, Dispose in OnStop (after its flatten).</summary>
public sealed class HostedAuthorStrategy : BarTrader
{
    private RunRecorder? recorder;

    public HostedAuthorStrategy()
    {
        this.Name = "Hosted author strategy";
    }

    /// <summary>The recorder's close, for the host to wait on before it exits (never on a platform thread).</summary>
    public Task WhenClosed => this.recorder?.WhenClosed ?? Task.CompletedTask;

    protected override void OnRun()
    {
        this.recorder = RunRecorder.Start(this, this.Log, new RunRecorderOptions { DatabasePath = this.DatabaseFile, Period = Period.MIN1, RecordBars = true });
        base.OnRun();
    }

    protected override void OnStop()
    {
        base.OnStop();
        this.recorder?.Dispose();
    }

    protected override void Deciding(Side side, double price) => this.recorder?.MarkDecision("bar " + side, side, 1, price);
}
