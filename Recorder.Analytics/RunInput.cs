namespace QuantowerRecorder.Analytics;

/// <summary>Everything the analyser needs about one run. Lists may be in any order.</summary>
public sealed record RunInput(
    IReadOnlyList<Fill> Fills,
    IReadOnlyList<OrderInfo> Orders,
    IReadOnlyList<BarSeries> Bars,
    RunContext Context);
