using System.Diagnostics.CodeAnalysis;
using QuantowerRecorder.Plugin;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Demo;

/// <summary>
/// The demo's sample strategy: a moving-average crossover deciding on every closed bar. When the fast average crosses
/// above the slow one it buys, below it sells, at market; each entry carries a bracket (stop-loss and take-profit as
/// SL/TP holders, which the broker places in one OCO group once the entry is filled); the opposite signal cancels the
/// bracket and reverses with one order of twice the size. Its author added the recorder's one line
/// (<see cref="RunRecorder.Start"/> in OnRun, Dispose in OnStop) and marks each decision before placing its order
/// (<see cref="RunRecorder.MarkDecision"/>); its input parameters are what the recorder stores as
/// the parameter set, and they decide what it does.
/// </summary>
[SuppressMessage("Performance", "CA1515:Consider making public types internal",
    Justification = "The platform creates strategies through a public type with a public parameterless constructor.")]
public sealed class DemoCrossoverStrategy : Strategy
{
    internal const string StopLossTag = "stop-loss";
    internal const string TakeProfitTag = "take-profit";

    // Input parameters: read and applied by the platform through reflection (the Settings the UI hands back).
    [InputParameter("Account", 10)]
    private Account? account = null;

    [InputParameter("Symbol", 20)]
    private Symbol? symbol = null;

    [InputParameter("Period", 30)]
    private Period period = Period.HOUR1;

    [InputParameter("Fast period", 40, 1, 500, 1, 0)]
    private int fastPeriod = 10;

    [InputParameter("Slow period", 50, 2, 1000, 1, 0)]
    private int slowPeriod = 30;

    [InputParameter("Stop loss, %", 60, 0.1, 50, 0.1, 1)]
    private double stopLossPercent = 1.0;

    [InputParameter("Take profit, %", 70, 0.1, 100, 0.1, 1)]
    private double takeProfitPercent = 2.0;

    [InputParameter("Quantity", 80, 1, 1000, 1, 0)]
    private double quantity = 2;

    private readonly List<string> problems = [];
    private readonly List<double> closes = [];
    private readonly HashSet<string> tagged = new(StringComparer.Ordinal);
    private HistoricalData? history;
    private double? previousSpread;

    public DemoCrossoverStrategy()
    {
        Name = DemoRecording.StrategyName;
        Description = "Moving-average crossover with a bracket (stop-loss and take-profit) on every position; reverses on the opposite signal.";
    }

    /// <summary>Where the runs are recorded (not an input: the file is not part of the parameter set).</summary>
    internal string DatabasePath { get; set; } = string.Empty;

    /// <summary>
    /// The simulation's clock, which the demo injects into the recorder to stamp the run with (the platform's TimeUtils
    /// is the wall clock, as in Quantower; the simulated connection's vendor time follows this clock).
    /// </summary>
    internal TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The optimisation this run is a pass of (null for a single run): the author names it for the recorder.</summary>
    internal string? Study { get; set; }

    internal RunRecorder? Recorder { get; private set; }

    /// <summary>What the recorder reported as problems (its Error-level log lines but the drift alarm's warnings).</summary>
    internal IReadOnlyList<string> Problems
    {
        get
        {
            lock (problems)
            {
                return [.. problems];
            }
        }
    }

    /// <summary>The parameter set as the platform applied it to the inputs.</summary>
    internal DemoParameters Parameters => new(fastPeriod, slowPeriod, stopLossPercent, takeProfitPercent, quantity);

    /// <summary>Closes the position at market (the end of a backtest), cancelling its bracket first.</summary>
    internal void Flatten(string tag)
    {
        CancelBracket();
        if (CurrentPosition() is { } open)
        {
            Place(Request(open.Side == Side.Buy ? Side.Sell : Side.Buy, open.Quantity, tag));
        }
    }

    protected override void OnRun()
    {
        Recorder = RunRecorder.Start(this, Write, new RunRecorderOptions
        {
            DatabasePath = DatabasePath, RecordBars = true, RecordVolumeAnalysis = true, Clock = Clock,
            Study = Study, StudyObjective = Study is null ? null : DemoRecording.StudyObjective,
            // The simulation delivers every order and fill and waits for the connection to be idle before it stops a
            // run: nothing can arrive late, so its 32 ends need not wait the default second each.
            EndSettleTime = TimeSpan.Zero,
        });
        Core.OrderAdded += OnOrder;
        history = symbol?.GetHistory(period, Clock.GetUtcNow().UtcDateTime);
        if (history is not null)
        {
            history.NewHistoryItem += OnNewBar;
        }
    }

    protected override void OnStop()
    {
        Core.OrderAdded -= OnOrder;
        if (history is not null)
        {
            history.NewHistoryItem -= OnNewBar;
            history.Dispose();
            history = null;
        }

        Recorder?.Dispose();
    }

    // A new bar has opened: [1] is the bar that just closed, and the decision is taken on it.
    private void OnNewBar(object sender, HistoryEventArgs e)
    {
        if (history is not { Count: > 1 } bars || bars[1] is not HistoryItemBar closed)
        {
            return;
        }

        closes.Add(closed.Close);
        if (closes.Count < slowPeriod)
        {
            return;
        }

        var spread = Average(fastPeriod) - Average(slowPeriod);
        var position = CurrentPosition();
        var sign = position is null ? 0 : position.Side == Side.Buy ? 1 : -1;
        if (previousSpread is { } before)
        {
            if (before <= 0 && spread > 0 && sign <= 0)
            {
                Enter(Side.Buy, closed.Close, reversing: sign != 0);
            }
            else if (before >= 0 && spread < 0 && sign >= 0)
            {
                Enter(Side.Sell, closed.Close, reversing: sign != 0);
            }
        }

        previousSpread = spread;
    }

    // The bracket is priced from the close the decision was taken on.
    private void Enter(Side side, double reference, bool reversing)
    {
        CancelBracket();
        var direction = side == Side.Buy ? 1 : -1;
        var tickSize = symbol!.TickSize;
        double Round(double price) => Math.Round(price / tickSize) * tickSize;
        var tag = (reversing ? "reversal-" : "cross-") + (side == Side.Buy ? "long" : "short");
        // A reversal closes the old position and opens the new one with a single order of twice the size.
        var size = reversing ? 2 * quantity : quantity;
        // The decision, marked before the order: the recorder ties the next order of this side to it and measures
        // that order's implementation shortfall from the close the decision was taken on.
        Recorder?.MarkDecision(tag, side, size, reference);
        var request = Request(side, size, tag);
        request.StopLossItems.Add(SlTpHolder.CreateSL(Round(reference * (1 - (direction * stopLossPercent / 100))), PriceMeasurement.Absolute, quantity: quantity));
        request.TakeProfitItems.Add(SlTpHolder.CreateTP(Round(reference * (1 + (direction * takeProfitPercent / 100))), PriceMeasurement.Absolute, quantity: quantity));
        Place(request);
    }

    private void CancelBracket()
    {
        foreach (var leg in Core.Orders.Where(o => IsMine(o) && !string.IsNullOrEmpty(o.PositionId)))
        {
            var result = leg.Cancel();
            if (result.Status != TradingOperationResultStatus.Success)
            {
                throw new InvalidOperationException($"The platform refused to cancel order {leg.Id}: {result.Message}");
            }
        }
    }

    // The broker places a bracket's legs once their entry is filled; the strategy names them in the run.
    private void OnOrder(Order order)
    {
        if (IsMine(order) && !string.IsNullOrEmpty(order.PositionId) && tagged.Add(order.Id))
        {
            Recorder?.TagOrder(order.Id, order.OrderTypeId == OrderType.Stop ? StopLossTag : TakeProfitTag);
        }
    }

    private bool IsMine(Order order) => Equals(order.Symbol, symbol) && Equals(order.Account, account);

    private Position? CurrentPosition() =>
        Core.Positions.FirstOrDefault(p => Equals(p.Symbol, symbol) && Equals(p.Account, account) && p.Quantity > 0);

    private double Average(int length) => closes.Skip(closes.Count - length).Average();

    private void Write(string message, StrategyLoggingLevel level)
    {
        Log(message, level);
        // The drift alarm's warnings ("Recorder warning: …", Error level too) are about the trading, not the recorder:
        // they are in the runs' journals, where the demo's hints lead.
        if (level == StrategyLoggingLevel.Error && !message.StartsWith("Recorder warning: ", StringComparison.Ordinal))
        {
            lock (problems)
            {
                problems.Add(message);
            }
        }
    }

    private PlaceOrderRequestParameters Request(Side side, double size, string tag) => new()
    {
        Account = account, Symbol = symbol, Side = side, Quantity = size, OrderTypeId = OrderType.Market, Comment = tag,
    };

    private void Place(PlaceOrderRequestParameters request)
    {
        var result = Core.PlaceOrder(request);
        if (result.Status != TradingOperationResultStatus.Success)
        {
            throw new InvalidOperationException($"The platform refused the demo's order ({request.Side} {request.Quantity}): {result.Message}");
        }
    }
}
