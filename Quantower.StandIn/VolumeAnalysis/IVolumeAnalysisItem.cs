namespace TradingPlatform.BusinessLayer;

/// <summary>Named by the spec as the interface of <see cref="VolumeAnalysisItem"/>; no members are mirrored.</summary>
public interface IVolumeAnalysisItem
{
}
