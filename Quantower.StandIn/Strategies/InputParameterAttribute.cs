namespace TradingPlatform.BusinessLayer;

/// <summary>
/// Marks a field or property as an input parameter. <paramref name="variants"/> holds (text, value) pairs.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public class InputParameterAttribute : Attribute
{
    public InputParameterAttribute(string name = "", int sortIndex = 0, double minimum = -2147483648.0, double maximum = 2147483647.0, double increment = 0.01, int decimalPlaces = 2, object[] variants = null)
    {
        this.Name = name;
        this.SortIndex = sortIndex;
        this.Minimum = minimum;
        this.Maximum = maximum;
        this.Increment = increment;
        this.DecimalPlaces = decimalPlaces;
        this.Variants = variants?.Select(v => v as IComparable).ToArray();
    }

    public string Name { get; private set; }

    public int SortIndex { get; private set; }

    public double Minimum { get; private set; }

    public double Maximum { get; private set; }

    public double Increment { get; private set; }

    public int DecimalPlaces { get; private set; }

    public IComparable[] Variants { get; private set; }
}
