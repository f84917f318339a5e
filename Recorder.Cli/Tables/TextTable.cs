using System.Text;

namespace QuantowerRecorder.Cli.Tables;

/// <summary>
/// A table laid out to a width without ever wrapping a cell: run ids and numbers are kept whole; to fit, headers are
/// abbreviated, then columns are dropped in their documented order, then free text is cut between words with "…";
/// what still does not fit loses its box, then becomes records (<see cref="TableRecords"/>). Spectre's tables
/// wrap cells instead, which broke the ids people copy and numbers mid-digit. Widths are terminal cells
/// (<see cref="CellWidth"/>), so names in CJK or with emoji keep the columns aligned. Every table the CLI prints is one.
/// </summary>
internal sealed class TextTable
{
    private const int MinShrunk = 6;
    private readonly List<TextColumn> columns = [];
    private readonly List<string[]> rows = [];

    public TextTable(params TextColumn[] columns) => this.columns.AddRange(columns);

    /// <summary>Stored text as a cell: "–" for none; quoted as in CSV when it holds a comma, a quote or a line break.</summary>
    public static string Cell(string? text) => text is null ? "–" : Output.Csv.Field(text);

    public void Add(params string[] cells)
    {
        if (cells.Length != columns.Count)
        {
            throw new ArgumentException($"{cells.Length} cells for {columns.Count} columns.", nameof(cells));
        }

        rows.Add(cells);
    }

    /// <summary>
    /// The table's lines, and the headers of the columns left out to fit. A table that cannot fit its box even so is
    /// drawn without it (plain aligned columns), and one that cannot fit as columns at all is printed as records: each
    /// row a block of "header  value" lines, long values wrapped between words.
    /// </summary>
    public (IReadOnlyList<string> Lines, IReadOnlyList<string> Hidden) Render(TableLayout layout)
    {
        var fitted = Plan(layout);
        if (!fitted.Fits && layout.Boxed)
        {
            var plain = Plan(layout with { Boxed = false });
            if (plain.Fits)
            {
                return Draw(plain, layout with { Boxed = false });
            }

            fitted = plain;
        }

        if (!fitted.Fits)
        {
            return (TableRecords.Lines(columns.Select(c => c.Header).ToList(), rows, fitted.Visible, layout), Hidden(fitted.Visible));
        }

        return Draw(fitted, layout);
    }

    // Abbreviated headers, then columns left out in their order, then free text cut between words: as far as needed.
    private Fitted Plan(TableLayout layout)
    {
        var visible = Enumerable.Range(0, columns.Count).ToList();
        var shortHeaders = false;
        var widths = Widths(visible, shortHeaders);
        if (layout.Wide || layout.Width is not { } limit)
        {
            return new Fitted(visible, shortHeaders, widths, true);
        }

        if (Measure(widths, layout) > limit && columns.Any(c => c.ShortHeader is not null))
        {
            shortHeaders = true;
            widths = Widths(visible, shortHeaders);
        }

        while (Measure(widths, layout) > limit)
        {
            var next = visible.Where(i => columns[i].DropOrder > 0).OrderBy(i => columns[i].DropOrder).ToList();
            if (next.Count == 0)
            {
                break;
            }

            visible.Remove(next[0]);
            widths = Widths(visible, shortHeaders);
        }

        Shrink(visible, widths, limit, layout, shortHeaders);
        return new Fitted(visible, shortHeaders, widths, Measure(widths, layout) <= limit);
    }

    private (IReadOnlyList<string> Lines, IReadOnlyList<string> Hidden) Draw(Fitted fitted, TableLayout layout)
    {
        var (visible, shortHeaders, widths, _) = fitted;
        var headers = visible.Select(i => Header(i, shortHeaders)).ToList();
        var body = rows.Select(r => visible.Select(i => r[i]).ToList()).ToList();
        var aligned = visible.Select(i => columns[i].RightAligned).ToList();
        return (layout.Boxed ? Boxed(headers, body, widths, aligned, layout.Unicode) : PlainLines(headers, body, widths, aligned), Hidden(visible));
    }

    private List<string> Hidden(List<int> visible) =>
        Enumerable.Range(0, columns.Count).Except(visible).Select(i => columns[i].Header).ToList();

    private string Header(int column, bool shortHeaders) =>
        shortHeaders && columns[column].ShortHeader is { } s ? s : columns[column].Header;

    private List<int> Widths(List<int> visible, bool shortHeaders) =>
        visible.Select(i => Math.Max(CellWidth.Of(Header(i, shortHeaders)), rows.Count == 0 ? 0 : rows.Max(r => CellWidth.Of(r[i])))).ToList();

    private static int Measure(List<int> widths, TableLayout layout) =>
        layout.Boxed ? widths.Sum() + (3 * widths.Count) + 1 : widths.Sum() + (2 * Math.Max(0, widths.Count - 1));

    // Free-text columns give up width, the widest first, down to a few characters each and never below their
    // narrowest cut (a first word is never cut).
    private void Shrink(List<int> visible, List<int> widths, int limit, TableLayout layout, bool shortHeaders)
    {
        var floors = visible.Select(i => Math.Max(MinShrunk, rows.Select(r => Wrap.Narrowest(r[i])).Append(Wrap.Narrowest(Header(i, shortHeaders))).Max())).ToList();
        while (Measure(widths, layout) > limit)
        {
            var candidates = Enumerable.Range(0, visible.Count)
                .Where(k => columns[visible[k]].Shrinks && widths[k] > floors[k]).OrderByDescending(k => widths[k]).ToList();
            if (candidates.Count == 0)
            {
                return;
            }

            var k = candidates[0];
            widths[k] = Math.Max(floors[k], widths[k] - (Measure(widths, layout) - limit));
        }
    }

    private static string Fit(string text, int width, bool right)
    {
        if (CellWidth.Of(text) > width)
        {
            // A wide character that no longer fits leaves a cell, filled so the column still ends where it should.
            return CellWidth.Pad(Wrap.Cut(text, width) ?? text, width, right: false);
        }

        return CellWidth.Pad(text, width, right);
    }

    private static List<string> PlainLines(List<string> headers, List<List<string>> body, List<int> widths, List<bool> right)
    {
        string Line(IReadOnlyList<string> cells) =>
            string.Join("  ", cells.Select((c, k) => Fit(c, widths[k], right[k]))).TrimEnd();
        return [Line(headers), .. body.Select(Line)];
    }

    private static List<string> Boxed(List<string> headers, List<List<string>> body, List<int> widths, List<bool> right, bool unicode)
    {
        // Rounded box on a terminal that can show it; ASCII otherwise (an old Windows console code page).
        var b = unicode ? "╭┬╮├┼┤╰┴╯─│" : "+++++++++-|";
        string Rule(char left, char middle, char end) =>
            left + string.Join(middle, widths.Select(w => new string(b[9], w + 2))) + end;
        string Line(IReadOnlyList<string> cells)
        {
            var text = new StringBuilder().Append(b[10]);
            for (var k = 0; k < cells.Count; k++)
            {
                text.Append(' ').Append(Fit(cells[k], widths[k], right[k])).Append(' ').Append(b[10]);
            }

            return text.ToString();
        }

        var lines = new List<string> { Rule(b[0], b[1], b[2]), Line(headers), Rule(b[3], b[4], b[5]) };
        lines.AddRange(body.Select(Line));
        lines.Add(Rule(b[6], b[7], b[8]));
        return lines;
    }

    // The columns shown, their headers and widths, and whether that fits the width.
    private sealed record Fitted(List<int> Visible, bool ShortHeaders, List<int> Widths, bool Fits);
}
