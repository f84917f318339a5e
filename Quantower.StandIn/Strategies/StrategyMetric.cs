using System.Xml.Linq;
using TradingPlatform.BusinessLayer.Serialization;

namespace TradingPlatform.BusinessLayer;

public class StrategyMetric : IXElementSerialization
{
    public string Name { get; set; }

    public string FormattedValue { get; set; }

    XElement IXElementSerialization.ToXElement() =>
        new(nameof(StrategyMetric), new XAttribute(nameof(this.Name), this.Name ?? string.Empty), new XAttribute(nameof(this.FormattedValue), this.FormattedValue ?? string.Empty));

    void IXElementSerialization.FromXElement(XElement element, DeserializationInfo deserializationInfo)
    {
        this.Name = (string)element.Attribute(nameof(this.Name));
        this.FormattedValue = (string)element.Attribute(nameof(this.FormattedValue));
    }
}
