namespace TradingPlatform.BusinessLayer;

/// <summary>Marker for objects with settings. The spec names the interface but none of its members.</summary>
public interface ICustomizable
{
}
