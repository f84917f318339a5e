namespace TradingPlatform.BusinessLayer;

public enum CumulativeDeltaReset
{
    Never,
    Daily,
    Weekly,
    ByChartSession,
}
