using System.Globalization;
using NUnit.Framework;
using QuantowerRecorder.Artifacts;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli.Parquet;

/// <summary>
/// <see cref="ParquetTable"/> fed in pieces, as the export reads a run: one file whose row groups are
/// <see cref="ParquetTable.RowGroupRows"/> rows whatever the pieces' sizes, read back by DuckDB in order.
/// </summary>
[TestFixture]
public sealed class ParquetPiecesTests
{
    private static readonly string[] Columns = ["seq", "ts_utc", "side", "price"];

    [Test]
    public async Task Pieces_of_any_size_become_one_file_in_full_row_groups_with_every_row_in_order()
    {
        using var folder = new TempDatabase();
        var file = folder.Sibling("pieces.parquet");
        var group = ParquetTable.RowGroupRows;
        // Sizes that straddle group boundaries, an empty piece in the middle, and a tail shorter than a group.
        int[] sizes = [group - 1, 2, 0, group + 5, 7];
        var total = sizes.Sum();

        var written = await ParquetTable.WriteFileAsync(Pieces(sizes), file);

        Assert.That(written, Is.EqualTo(total));
        Assert.That(Duck.Scalar($"SELECT COUNT(DISTINCT row_group_id) FROM parquet_metadata('{file}')"), Is.EqualTo((long)((total + group - 1) / group)));
        Assert.That(Duck.Rows($"SELECT row_group_num_rows FROM parquet_metadata('{file}') WHERE path_in_schema = 'seq' ORDER BY row_group_id", out _).Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)),
            Is.EqualTo(new long[] { group, group, total - (2 * group) }));
        var rows = Duck.Rows($"SELECT seq, ts_utc, side, price FROM read_parquet('{file}')", out _);
        Assert.That(rows, Has.Count.EqualTo(total));
        var mismatch = Enumerable.Range(0, total).FirstOrDefault(i =>
        {
            var expected = Row(i);
            return !(Equals(rows[i][0], expected[0]) && Equals(rows[i][1], Start.AddSeconds(i).UtcDateTime)
                && Equals(rows[i][2], expected[2]) && Equals(rows[i][3], expected[3]));
        }, -1);
        Assert.That(mismatch, Is.EqualTo(-1), () => $"row {mismatch}: {string.Join(", ", rows[mismatch])}");
    }

    [Test]
    public async Task One_empty_piece_is_an_empty_file_with_its_columns()
    {
        using var folder = new TempDatabase();
        var file = folder.Sibling("empty.parquet");

        Assert.That(await ParquetTable.WriteFileAsync([new StoredTable(Columns, [])], file), Is.Zero);

        Assert.That(Duck.Scalar($"SELECT COUNT(*) FROM read_parquet('{file}')"), Is.EqualTo(0L));
        Assert.That(Duck.Types(file).Keys, Is.EquivalentTo(Columns));
    }

    [Test]
    public void No_piece_or_pieces_that_disagree_on_columns_are_refused_and_leave_no_file()
    {
        using var folder = new TempDatabase();
        var file = folder.Sibling("bad.parquet");

        Assert.That(() => ParquetTable.WriteFileAsync([], file), Throws.ArgumentException.With.Message.Contains("not even its columns"));
        Assert.That(() => ParquetTable.WriteFileAsync([new StoredTable(Columns, [Row(0)]), new StoredTable(["seq"], [[1L]])], file),
            Throws.ArgumentException.With.Message.Contains("not seq, ts_utc, side, price"));
        Assert.That(Directory.GetFiles(folder.Folder), Is.Empty);
    }

    private static readonly DateTimeOffset Start = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static IEnumerable<StoredTable> Pieces(int[] sizes)
    {
        var next = 0;
        foreach (var size in sizes)
        {
            var rows = new List<IReadOnlyList<object?>>(size);
            for (var i = 0; i < size; i++)
            {
                rows.Add(Row(next++));
            }

            yield return new StoredTable(Columns, rows);
        }
    }

    // Every 10th price is missing: NULLs must land in their own rows across group boundaries.
    private static object?[] Row(int i) =>
        [(long)i, Start.AddSeconds(i).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture), i % 3 == 0 ? "SELL" : "BUY", i % 10 == 0 ? null : 100.25 + i];
}
