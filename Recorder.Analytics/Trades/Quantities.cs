namespace QuantowerRecorder.Analytics.Trades;

/// <summary>Tolerance for quantities that should be zero after floating-point sums.</summary>
internal static class Quantities
{
    /// <summary>Relative: a remainder below this fraction of the quantity it came from counts as zero.</summary>
    public const double Epsilon = 1e-9;
}
