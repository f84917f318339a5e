namespace TradingPlatform.BusinessLayer.Serialization;

/// <summary>Context passed to <see cref="IXElementSerialization.FromXElement"/>; no members are mirrored.</summary>
public class DeserializationInfo
{
    internal DeserializationInfo()
    {
    }
}
