using System.Xml.Linq;

namespace TradingPlatform.BusinessLayer.Serialization;

/// <summary>XML (de)serialization, as <see cref="Strategy"/> exposes it publicly.</summary>
public interface IXElementSerialization
{
    XElement ToXElement();

    void FromXElement(XElement element, DeserializationInfo deserializationInfo);
}
