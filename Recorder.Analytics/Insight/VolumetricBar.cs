namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// One bar's volume analysis (<c>bars.volumetric_json</c>), stamped by the bar's open time. Members the platform
/// did not give are null. <see cref="Poc"/> is the price with the largest volume.
/// </summary>
public sealed record VolumetricBar(DateTime TimeUtc, double? Delta, double? BuyVolume, double? SellVolume, double? Poc);
