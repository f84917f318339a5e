namespace QuantowerRecorder.Cli.Report;

/// <summary>One line of a chart: a name, a colour and its points (x already scaled to a number).</summary>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points);
