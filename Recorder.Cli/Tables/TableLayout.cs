namespace QuantowerRecorder.Cli.Tables;

/// <summary>
/// How a table is laid out: the width it must fit (null: no limit, as for a pipe), whether every column is wanted
/// (--wide), and whether it is drawn with a box (a terminal) or as plain aligned text (a pipe or file).
/// </summary>
internal sealed record TableLayout(int? Width, bool Wide, bool Boxed, bool Unicode);
