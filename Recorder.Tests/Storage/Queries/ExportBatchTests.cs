using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Queries;

/// <summary>The export tables read in pieces (<see cref="IExportReader.Batches"/>): the same rows as a whole read, never more per piece.</summary>
[TestFixture]
public sealed class ExportBatchTests
{
    [TestCase("orders", 2)]
    [TestCase("executions", 2)]
    [TestCase("executions", 1)]
    [TestCase("bars", 2)]
    [TestCase("trades", 5)]
    [TestCase("equity", 1)]
    public void Pieces_hold_the_rows_of_the_whole_table_in_order_and_at_most_the_size_asked(string kind, int rows)
    {
        using var db = new TempDatabase();
        var s = QueryFiles.BracketWinner(db);
        using var reader = RecorderStore.OpenRead(db.Path);

        var whole = reader.Exports.Table(kind, s.RunId);
        var pieces = reader.Exports.Batches(kind, s.RunId, rows).ToList();

        Assert.That(whole.Rows, Is.Not.Empty, "the scenario has rows of every kind");
        Assert.That(pieces.Select(p => p.Rows.Count), Has.All.InRange(1, rows));
        Assert.That(pieces.Select(p => p.Columns), Has.All.EqualTo(whole.Columns));
        Assert.That(pieces.SelectMany(p => p.Rows), Is.EqualTo(whole.Rows));
    }

    [TestCase("executions")]
    [TestCase("equity")]
    public void A_run_without_rows_is_one_empty_piece_that_still_names_the_columns(string kind)
    {
        using var db = new TempDatabase();
        QueryFiles.BracketWinner(db);
        using var reader = RecorderStore.OpenRead(db.Path);

        var pieces = reader.Exports.Batches(kind, "no-such-run", 10).ToList();

        Assert.That(pieces, Has.Count.EqualTo(1));
        Assert.That(pieces[0].Rows, Is.Empty);
        Assert.That(pieces[0].Columns, Is.EqualTo(reader.Exports.Table(kind, "no-such-run").Columns).And.Not.Empty);
    }

    [Test]
    public void Stopping_after_the_first_piece_ends_the_read_and_the_reader_reads_on()
    {
        using var db = new TempDatabase();
        var s = QueryFiles.BracketWinner(db);
        using var reader = RecorderStore.OpenRead(db.Path);

        using (var pieces = reader.Exports.Batches("executions", s.RunId, 1).GetEnumerator())
        {
            Assert.That(pieces.MoveNext(), Is.True);
            Assert.That(pieces.Current.Rows.Single()[0], Is.EqualTo("X1"));
        }

        // A snapshot left open would make the next read join it and miss this change; one that was ended does not.
        using (var writer = new SqliteConnection($"Data Source={db.Path};Pooling=False"))
        {
            writer.Open();
            using var update = writer.CreateCommand();
            update.CommandText = "UPDATE executions SET fee = 99 WHERE execution_id = 'X3'";
            Assert.That(update.ExecuteNonQuery(), Is.EqualTo(1));
        }

        var executions = reader.Exports.Table("executions", s.RunId);
        Assert.That(executions.Rows.Select(r => r[0]), Is.EqualTo(new[] { "X1", "X2", "X3" }));
        Assert.That(executions.Rows[2][executions.Columns.ToList().IndexOf("fee")], Is.EqualTo(99.0));
        Assert.That(reader.Exports.Batches("bars", s.RunId, 2).Sum(p => p.Rows.Count), Is.EqualTo(3));
    }

    [Test]
    public void A_bad_kind_or_size_is_refused_when_asked_not_when_read()
    {
        using var db = new TempDatabase();
        var s = QueryFiles.BracketWinner(db);
        using var reader = RecorderStore.OpenRead(db.Path);

        Assert.That(() => reader.Exports.Batches("strategy_runs; DROP TABLE bars", s.RunId, 10),
            Throws.ArgumentException.With.Message.Contains("one of: orders, executions, trades, bars, equity"));
        Assert.That(() => reader.Exports.Batches("bars", s.RunId, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
