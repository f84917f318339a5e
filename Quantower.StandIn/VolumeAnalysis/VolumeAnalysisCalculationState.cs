namespace TradingPlatform.BusinessLayer;

public enum VolumeAnalysisCalculationState
{
    None = 0,
    Processing = 4,
    Finished = 16,
}
