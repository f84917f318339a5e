namespace TradingPlatform.BusinessLayer;

/// <summary>Named by the spec as an interface of <see cref="HistoricalData"/>; no members are mirrored.</summary>
public interface IIndicatorsCollection
{
}
