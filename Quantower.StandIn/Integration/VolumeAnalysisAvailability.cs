namespace TradingPlatform.BusinessLayer.Integration;

public enum VolumeAnalysisAvailability
{
    NotAvailable,
    Available,
}
