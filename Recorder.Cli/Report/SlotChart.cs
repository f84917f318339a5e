namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// A chart whose x axis is a number rather than time: x is cut into equal slots, one per point of the chart library's
/// (index-based) horizontal scale, so distances on the axis stay proportional. Labels sit at logical positions.
/// </summary>
internal sealed record SlotChart(int Slots, IReadOnlyList<(double At, string Text)> Labels, IReadOnlyList<SlotSeries> Series);

/// <summary>One run's points on a <see cref="SlotChart"/>: slot and value.</summary>
internal sealed record SlotSeries(string Name, string Color, IReadOnlyList<(int Slot, double Value)> Points);
