namespace QuantowerRecorder.Cli.Report;

/// <summary>Distinct colours for runs drawn together (colour-blind-friendly Tableau 10 order).</summary>
internal static class Palette
{
    private static readonly string[] Colors =
        ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#bab0ac"];

    public static string Of(int index) => Colors[index % Colors.Length];
}
