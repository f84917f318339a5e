using QuantowerRecorder.Plugin.Platform;
using QuantowerRecorder.Plugin.Recording;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin;

/// <summary>The "Run Recorder" strategy's input parameters, and the instance they make when it follows no strategy.</summary>
public sealed partial class RunRecorderStrategy
{
    // Input parameters: read and applied by the platform through reflection, so they are assigned nowhere else.
    [InputParameter("Account", 10)]
    private Account? account = null;

    [InputParameter("Symbol", 20)]
    private Symbol? symbol = null;

    [InputParameter("Comment filter", 30)]
    private string commentFilter = string.Empty;

    [InputParameter("Strategy to follow", 40)]
    private string strategyToFollow = string.Empty;

    [InputParameter("Record bars", 50)]
    private bool recordBars = false;

    [InputParameter("Bar period", 60)]
    private Period barPeriod = Period.MIN1;

    [InputParameter("Record volume analysis", 70)]
    private bool recordVolumeAnalysis = false;

    [InputParameter("Database file", 80)]
    private string databasePath = Storage.DefaultDatabase.Path;

    // The name of this terminal in a team store (who ran what); empty means the machine's name.
    [InputParameter("Terminal name", 90)]
    private string terminalName = string.Empty;

    // How long a run's end waits for its working orders (a followed strategy's exits in its OnStop) to settle.
    [InputParameter("Wait for last orders (s)", 100, 0, 600, 1, 0)]
    private int endWaitSeconds = 30;

    // A live or paper run checks itself against its backtest as its trades close (docs/plugin.md, "The drift alarm").
    [InputParameter("Drift alarm", 110)]
    private bool driftAlarm = true;

    /// <summary>How a run's end waits for its last orders: the input above, or what a test sets.</summary>
    internal RunDrain Drain
    {
        get => drainOverride ?? RunDrain.Default with { Limit = TimeSpan.FromSeconds(Math.Max(0, endWaitSeconds)) };
        set => drainOverride = value;
    }

    /// <summary>Without a strategy to follow, the run is the account's activity, identified by what the recorder selects.</summary>
    private StrategySnapshot OwnSnapshot()
    {
        var parameters = new List<KeyValuePair<string, object?>>
        {
            new("Symbol", Formats.Symbol(symbol) ?? "*"),
            new("Comment filter", commentFilter ?? string.Empty),
        };
        return new StrategySnapshot(StrategyName, Version?.ToString(), InstanceName, parameters, symbol, account, recordBars ? barPeriod : null);
    }
}
