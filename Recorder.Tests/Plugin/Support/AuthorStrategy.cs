using QuantowerRecorder.Plugin;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Tests.Plugin.Support;

/// <summary>A strategy written by an author who added the one line: RunRecorder.Start in OnRun, Dispose in OnStop.</summary>
internal sealed class AuthorStrategy : Strategy
{
    [InputParameter("Account", 1)]
    public Account? Account = null;

    [InputParameter("Symbol", 2)]
    public Symbol? Symbol = null;

    [InputParameter("Period", 3)]
    public Period Period = Period.MIN5;

    [InputParameter("Fast length", 4)]
    public int Fast = 10;

    [InputParameter("Threshold", 5)]
    public double Threshold = 1.5;

    public AuthorStrategy()
    {
        Name = "Breakout";
    }

    public string DatabasePath { get; set; } = string.Empty;

    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public bool MonitorConnection { get; set; }

    public string? TerminalName { get; set; }

    public bool ThrowInOnRun { get; set; }

    /// <summary>The run's settle time at its end (RunRecorderOptions.EndSettleTime): the tests' by default.</summary>
    public TimeSpan EndSettleTime { get; set; } = PluginTestBase.TestDrain.Settle;

    public RunRecorder? Recorder { get; private set; }

    public override string[] MonitoringConnectionsIds =>
        MonitorConnection && Account?.ConnectionId is { } id ? [id] : [];

    public LoggerEvent[] Logs => GetLogs(DateTime.MinValue, DateTime.MaxValue);

    protected override void OnRun()
    {
        Recorder = RunRecorder.Start(this, Log, new RunRecorderOptions
        {
            DatabasePath = DatabasePath, Clock = Clock, TerminalName = TerminalName,
            EndSettleTime = EndSettleTime, EndDrainLimit = PluginTestBase.TestDrain.Limit,
        });
        if (ThrowInOnRun)
        {
            throw new InvalidOperationException("the strategy's own bug");
        }
    }

    protected override void OnStop() => Recorder?.Dispose();
}
