namespace TradingPlatform.BusinessLayer;

public static class StrategyMetricExtensions
{
    public static void Add(this List<StrategyMetric> metrics, string name, string formattedValue) =>
        metrics.Add(new StrategyMetric { Name = name, FormattedValue = formattedValue });

    /// <summary>Uses <c>value.ToString()</c>, as the platform does (culture-sensitive there too).</summary>
    public static void Add(this List<StrategyMetric> metrics, string name, object value) =>
        metrics.Add(new StrategyMetric { Name = name, FormattedValue = value?.ToString() });
}
