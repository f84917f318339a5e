using System.Globalization;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Tables;

/// <summary>A column of a query result shown in a <see cref="TextTable"/>: where its value comes from and how it reads.</summary>
internal sealed record RowColumn(string Source, TextColumn Column, Func<object?, string> Format)
{
    public static Func<object?, string> Text { get; } = value => value is null ? "–" : Csv.Value(value);

    public static Func<object?, string> Time { get; } = value => Numbers.Time(value as string);

    public static Func<object?, string> Money { get; } = value => Numbers.Display(AsDouble(value), "money");

    public static Func<object?, string> Count { get; } = value => Numbers.Display(AsDouble(value), "count");

    public static Func<object?, string> Number { get; } = value => Numbers.Display(AsDouble(value));

    public static Func<object?, string> Cut(int length) => value => value is string id ? ShortIds.Cut(id, length) : Text(value);

    /// <summary>A table of <paramref name="rows"/> with the given columns, in their order.</summary>
    public static TextTable Table(RowSet rows, params RowColumn[] columns)
    {
        var index = columns.Select(c => rows.Columns.ToList().IndexOf(c.Source)).ToArray();
        for (var i = 0; i < index.Length; i++)
        {
            if (index[i] < 0)
            {
                throw new InvalidOperationException($"The query has no column {columns[i].Source}.");
            }
        }

        var table = new TextTable(columns.Select(c => c.Column).ToArray());
        foreach (var row in rows.Rows)
        {
            table.Add(columns.Select((c, i) => c.Format(row[index[i]])).ToArray());
        }

        return table;
    }

    private static double? AsDouble(object? value) => value switch
    {
        null => null,
        double d => d,
        long l => l,
        _ => double.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
    };
}
