namespace TradingPlatform.BusinessLayer;

public class VolumeAnalysisCalculationParameters
{
    public double FilteredVolume { get; set; }

    public bool ForceReload { get; set; }

    public DeltaCalculationType DeltaCalculationType { get; set; } = DeltaCalculationType.AggressorFlag;

    public CumulativeDeltaReset CumulativeDeltaReset { get; set; }

    public double CustomTickSize { get; set; } = double.NaN;

    public int CustomStep { get; set; } = 1;

    public ISessionsContainer SessionsContainer { get; set; }

    public TimeZone TimeZone { get; set; }

    public bool CalculatePriceLevels { get; set; } = true;

    public bool ForceUsingTickData { get; set; }
}
