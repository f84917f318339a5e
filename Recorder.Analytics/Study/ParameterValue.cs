using System.Globalization;

namespace QuantowerRecorder.Analytics.Study;

/// <summary>One input of a pass: a number, or a text for an input that is not numeric (an enumeration, a symbol).</summary>
public readonly record struct ParameterValue
{
    private ParameterValue(double? number, string? text)
    {
        this.Number = number;
        this.Text = text;
    }

    /// <summary>The value when the input is numeric (finite), else null.</summary>
    public double? Number { get; }

    /// <summary>The value when the input is a text, else null.</summary>
    public string? Text { get; }

    public static ParameterValue Of(double number) =>
        double.IsFinite(number) ? new ParameterValue(number, null) : new ParameterValue(null, number.ToString("R", CultureInfo.InvariantCulture));

    public static ParameterValue Of(string text) => new(null, text ?? throw new ArgumentNullException(nameof(text)));

    /// <summary>The value as text (numbers in the invariant round-trip form), as a categorical input compares it.</summary>
    public override string ToString() => this.Text ?? this.Number?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;
}
