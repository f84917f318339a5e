namespace QuantowerRecorder.Cli.Tables;

/// <summary>
/// A table too wide for the terminal even without its box, printed as records: each row a block of "header  value"
/// lines, a value too long for its line wrapped between words under itself. Nothing is cut, so an id or a name stays
/// whole (psql's expanded display, \x, is the model). Rows are set apart by a rule on a terminal, a blank line in a pipe.
/// </summary>
internal static class TableRecords
{
    public static List<string> Lines(IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, IReadOnlyList<int> visible, TableLayout layout)
    {
        var labelWidth = visible.Max(i => CellWidth.Of(headers[i]));
        var records = rows.Select(row => visible
                .SelectMany(i => Wrap.Indented(CellWidth.Pad(headers[i], labelWidth, right: false) + "  ", row[i], layout.Width))
                .ToList())
            .ToList();
        var widest = records.SelectMany(r => r).Select(CellWidth.Of).DefaultIfEmpty(0).Max();
        var rule = layout.Boxed ? new string(layout.Unicode ? '─' : '-', Math.Min(widest, layout.Width ?? widest)) : "";
        var lines = new List<string>();
        foreach (var record in records)
        {
            if (lines.Count > 0)
            {
                lines.Add(rule);
            }

            lines.AddRange(record);
        }

        return lines;
    }
}
