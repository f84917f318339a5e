using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Tests.Analytics;

/// <summary>Builds small runs by hand: fills at minutes after <see cref="T0"/>, orders, bars.</summary>
internal sealed class AnalysisScenario
{
    /// <summary>A Tuesday, 09:00 UTC.</summary>
    public static readonly DateTime T0 = new(2024, 1, 2, 9, 0, 0, DateTimeKind.Utc);

    private readonly List<Fill> fills = [];
    private readonly List<OrderInfo> orders = [];
    private readonly List<BarSeries> bars = [];
    private int next;

    public RunContext Context { get; set; } = new();

    public static DateTime At(double minutes) => T0.AddMinutes(minutes);

    public AnalysisScenario Buy(double quantity, double price, double minute, string? order = null, double fee = 0, string symbol = "ES", string account = "A", PositionImpact impact = PositionImpact.Unknown) =>
        Add(Side.Buy, quantity, price, At(minute), order, fee, symbol, account, impact);

    public AnalysisScenario Sell(double quantity, double price, double minute, string? order = null, double fee = 0, string symbol = "ES", string account = "A", PositionImpact impact = PositionImpact.Unknown) =>
        Add(Side.Sell, quantity, price, At(minute), order, fee, symbol, account, impact);

    public AnalysisScenario Add(Side side, double quantity, double price, DateTime time, string? order = null, double fee = 0, string symbol = "ES", string account = "A", PositionImpact impact = PositionImpact.Unknown)
    {
        var id = $"x{this.next++}";
        this.fills.Add(new Fill(id, order ?? "o" + id, symbol, account, side, quantity, price, fee, time, impact));
        return this;
    }

    public AnalysisScenario Order(OrderInfo order)
    {
        this.orders.Add(order);
        return this;
    }

    /// <summary>One-minute bars from <paramref name="firstMinute"/>, as (high, low, close) triples.</summary>
    public AnalysisScenario Bars(double firstMinute, params (double High, double Low, double Close)[] bars)
    {
        var list = bars.Select((b, i) => new Bar(At(firstMinute + i), b.Close, b.High, b.Low, b.Close, 1)).ToList();
        this.bars.Add(new BarSeries("ES", list) { BarDuration = TimeSpan.FromMinutes(1) });
        return this;
    }

    public AnalysisScenario Series(BarSeries series)
    {
        this.bars.Add(series);
        return this;
    }

    public RunInput Input() => new(this.fills, this.orders, this.bars, Context);

    public RunAnalysis Analyze(LotMatching matching = LotMatching.Fifo) =>
        RunAnalyzer.Analyze(Input(), new AnalysisOptions { Matching = matching });

    public RunAnalysis Analyze(AnalysisOptions options) => RunAnalyzer.Analyze(Input(), options);
}
