using System.Diagnostics.CodeAnalysis;
using QuantowerRecorder.Plugin;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Cli.Demo;

/// <summary>
/// The demo's sample strategy as a platform strategy: a moving-average crossover whose author added the recorder's one
/// line (<see cref="RunRecorder.Start(Strategy, Action{string, StrategyLoggingLevel}, RunRecorderOptions)"/> in OnRun,
/// Dispose in OnStop). Its input parameters are what the recorder stores as the parameter set; its orders go to the
/// platform like any strategy's. The decisions themselves come from the demo's script (<see cref="DemoStrategy"/>),
/// which <see cref="StandInDemoRecorder"/> plays through <see cref="Enter"/>, <see cref="Exit"/> and <see cref="Cancel"/>.
/// </summary>
[SuppressMessage("Performance", "CA1515:Consider making public types internal",
    Justification = "The platform creates strategies through a public type with a public parameterless constructor.")]
public sealed class DemoCrossoverStrategy : Strategy
{
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

    public DemoCrossoverStrategy()
    {
        Name = DemoGenerator.StrategyName;
        Description = "Moving-average crossover with a bracket (stop-loss and take-profit) on every position; reverses on the opposite signal.";
    }

    /// <summary>Where the runs are recorded (not an input: the file is not part of the parameter set).</summary>
    internal string DatabasePath { get; set; } = string.Empty;

    /// <summary>The platform's clock (the stand-in's simulated time), which the recorder stamps the run with.</summary>
    internal TimeProvider Clock { get; set; } = TimeProvider.System;

    internal RunRecorder? Recorder { get; private set; }

    /// <summary>What the recorder reported as problems (its Error-level log lines).</summary>
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

    internal (Account? Account, Symbol? Symbol, Period Period) Market => (account, symbol, period);

    /// <summary>A market entry protected by a bracket: the broker places the stop-loss and take-profit once it is filled.</summary>
    internal Order Enter(Side side, double size, string tag, double stopPrice, double targetPrice, double bracketQuantity)
    {
        var request = Request(side, size, tag);
        request.StopLossItems.Add(SlTpHolder.CreateSL(stopPrice, PriceMeasurement.Absolute, quantity: bracketQuantity));
        request.TakeProfitItems.Add(SlTpHolder.CreateTP(targetPrice, PriceMeasurement.Absolute, quantity: bracketQuantity));
        return Place(request);
    }

    /// <summary>A market order without a bracket (closing the position at the end of a backtest).</summary>
    internal Order Exit(Side side, double size, string tag) => Place(Request(side, size, tag));

    internal void Cancel(Order order)
    {
        var result = order.Cancel();
        if (result.Status != TradingOperationResultStatus.Success)
        {
            throw new InvalidOperationException($"The platform refused to cancel order {order.Id}: {result.Message}");
        }
    }

    /// <summary>Names an order's setup in the run (orders.client_tag), as a strategy author would for bracket legs.</summary>
    internal void Tag(Order order, string tag) => Recorder?.TagOrder(order.Id, tag);

    protected override void OnRun() =>
        Recorder = RunRecorder.Start(this, Write, new RunRecorderOptions
        {
            DatabasePath = DatabasePath, RecordBars = true, RecordVolumeAnalysis = true,
        }, Clock);

    protected override void OnStop() => Recorder?.Dispose();

    private void Write(string message, StrategyLoggingLevel level)
    {
        Log(message, level);
        if (level == StrategyLoggingLevel.Error)
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

    private Order Place(PlaceOrderRequestParameters request)
    {
        var result = Core.PlaceOrder(request);
        if (result.Status != TradingOperationResultStatus.Success)
        {
            throw new InvalidOperationException($"The platform refused the demo's order ({request.Side} {request.Quantity}): {result.Message}");
        }

        return Core.GetOrderById(result.OrderId)
            ?? throw new InvalidOperationException($"The platform accepted order {result.OrderId} but does not show it.");
    }
}
