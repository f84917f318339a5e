namespace QuantowerRecorder.Analytics;

/// <summary>
/// Why a figure of a study is not given: the study has <see cref="Have"/> <see cref="What"/> where the figure's
/// definition needs at least <see cref="Needs"/> (docs/metrics.md, "Minimum sizes"). Shown as
/// "not enough passes (2; needs 5)" wherever the figure would be.
/// </summary>
public sealed record NotEnough(string What, int Have, int Needs)
{
    /// <summary>The words every output prints in place of the figure.</summary>
    public string Text => $"not enough {What} ({Have}; needs {Needs})";

    public override string ToString() => Text;
}
