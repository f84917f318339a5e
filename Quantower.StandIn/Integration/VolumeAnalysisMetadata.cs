namespace TradingPlatform.BusinessLayer.Integration;

public class VolumeAnalysisMetadata
{
    public VolumeAnalysisAvailability VolumeAnalysisAvailability { get; init; } = VolumeAnalysisAvailability.NotAvailable;

    internal Period[] AllowedPeriods { get; init; } = [];

    internal Period[] AllowedPeriodsWithPriceLevels { get; init; } = [];

    public Period[] GetAllowedPeriods(bool includePriceLevels) =>
        [.. includePriceLevels ? this.AllowedPeriodsWithPriceLevels : this.AllowedPeriods];

    internal VolumeAnalysisMetadata Copy() =>
        new()
        {
            VolumeAnalysisAvailability = this.VolumeAnalysisAvailability,
            AllowedPeriods = this.AllowedPeriods,
            AllowedPeriodsWithPriceLevels = this.AllowedPeriodsWithPriceLevels,
        };
}
