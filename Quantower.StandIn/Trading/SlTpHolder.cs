using System.Globalization;
using System.Xml.Linq;
using TradingPlatform.BusinessLayer.Serialization;

namespace TradingPlatform.BusinessLayer;

public sealed class SlTpHolder : ICloneable, IXElementSerialization, IEquatable<SlTpHolder>, ICustomizable
{
    internal SlTpHolder()
    {
    }

    public CloseOrderType Type { get; private set; }

    /// <summary>An absolute price or an offset in ticks, depending on <see cref="PriceMeasurement"/>.</summary>
    public double Price { get; private set; }

    /// <summary>NaN means all.</summary>
    public double Quantity { get; set; } = double.NaN;

    /// <summary>NaN means unused.</summary>
    public double QuantityPercentage { get; set; } = double.NaN;

    public PriceMeasurement PriceMeasurement { get; private set; }

    public bool IsTrailing { get; private set; }

    public static SlTpHolder CreateSL(double price, PriceMeasurement priceMeasurement = PriceMeasurement.Absolute, bool isTrailing = false, double quantity = double.NaN, double quantityPercentage = double.NaN) =>
        new()
        {
            Type = CloseOrderType.StopLoss,
            Price = price,
            PriceMeasurement = priceMeasurement,
            IsTrailing = isTrailing,
            Quantity = quantity,
            QuantityPercentage = quantityPercentage,
        };

    public static SlTpHolder CreateTP(double price, PriceMeasurement priceMeasurement = PriceMeasurement.Absolute, double quantity = double.NaN, double quantityPercentage = double.NaN) =>
        new()
        {
            Type = CloseOrderType.TakeProfit,
            Price = price,
            PriceMeasurement = priceMeasurement,
            Quantity = quantity,
            QuantityPercentage = quantityPercentage,
        };

    public string Format(Symbol symbol)
    {
        var label = this.Type == CloseOrderType.StopLoss ? (this.IsTrailing ? "Tr. SL" : "SL") : "TP";
        var price = this.PriceMeasurement == PriceMeasurement.Offset
            ? this.Price.ToString("0.##", CultureInfo.InvariantCulture) + " ticks"
            : symbol?.FormatPrice(this.Price) ?? this.Price.ToString(CultureInfo.InvariantCulture);
        return label + ": " + price;
    }

    public object Clone() => this.MemberwiseClone();

    public bool Equals(SlTpHolder other) =>
        other != null
        && this.Type == other.Type
        && this.Price.Equals(other.Price)
        && this.Quantity.Equals(other.Quantity)
        && this.QuantityPercentage.Equals(other.QuantityPercentage)
        && this.PriceMeasurement == other.PriceMeasurement
        && this.IsTrailing == other.IsTrailing;

    public override bool Equals(object obj) => this.Equals(obj as SlTpHolder);

    public override int GetHashCode() => HashCode.Combine(this.Type, this.Price, this.Quantity, this.QuantityPercentage, this.PriceMeasurement, this.IsTrailing);

    XElement IXElementSerialization.ToXElement() =>
        new(
            nameof(SlTpHolder),
            new XAttribute(nameof(this.Type), this.Type),
            new XAttribute(nameof(this.Price), this.Price.ToString("R", CultureInfo.InvariantCulture)),
            new XAttribute(nameof(this.PriceMeasurement), this.PriceMeasurement),
            new XAttribute(nameof(this.IsTrailing), this.IsTrailing));

    void IXElementSerialization.FromXElement(XElement element, DeserializationInfo deserializationInfo)
    {
        this.Type = Enum.Parse<CloseOrderType>((string)element.Attribute(nameof(this.Type)));
        this.Price = double.Parse((string)element.Attribute(nameof(this.Price)), CultureInfo.InvariantCulture);
        this.PriceMeasurement = Enum.Parse<PriceMeasurement>((string)element.Attribute(nameof(this.PriceMeasurement)));
        this.IsTrailing = (bool)element.Attribute(nameof(this.IsTrailing));
    }
}
