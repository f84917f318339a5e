using System.Globalization;

namespace TradingPlatform.BusinessLayer;

public class PnLItem : BusinessObject
{
    public PnLItem()
    {
    }

    public double Value { get; set; }

    public string AssetID { get; set; }

    /// <summary>NaN when the vendor gives no percentage.</summary>
    public double ValuePercent { get; set; } = double.NaN;

    public Asset Asset => this.AssetID == null ? null : new Asset(this.AssetID, this.AssetID, this.AssetID);

    public string Format() => string.IsNullOrEmpty(this.AssetID) ? this.FormatValue() : this.FormatValue() + " " + this.AssetID;

    public string FormatValue() => this.Value.ToString("0.00", CultureInfo.InvariantCulture);

    public string FormatPercent() =>
        double.IsNaN(this.ValuePercent) ? null : this.ValuePercent.ToString("0.00", CultureInfo.InvariantCulture) + " %";

    public override bool Equals(object obj) =>
        obj is PnLItem other && this.Value.Equals(other.Value) && string.Equals(this.AssetID, other.AssetID, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(this.Value, this.AssetID);

    internal static PnLItem From(double? value, string assetId) =>
        value is { } v ? new PnLItem { Value = v, AssetID = assetId } : null;
}
