using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage.Merging;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Merging;

/// <summary>
/// Push is lossless only if its list knows every table (merge hands events to the writer and needs none): a table added
/// by a later migration must be added to MergeTable.All too, and the merge tests must compare it.
/// </summary>
[TestFixture]
public sealed class MergeCoverageTests
{
    // Behind the view bars (docs/decisions.md, 14), which merge reads and writes as the design's table.
    private static readonly string[] BarStorage = ["bar_markets", "market_bars", "series_bars", "series_unseen"];

    // Behind the view run_equity (schema 14), which merge reads and writes as the design's table.
    private static readonly string[] EquityStorage = ["equity_data", "equity_runs"];

    // A user's regrouping of runs into studies stays with the file it was made in (docs/studies.md): merge and push
    // carry the runs, and with them the author's study names and what inference needs, but not these two tables.
    private static readonly string[] UserGrouping = ["studies", "study_runs"];

    // Not merged row by row: the file's own bookkeeping, and the quarantine, which merge copies by its own rule.
    private static readonly string[] NotMergedByKey = ["schema_meta", "sqlite_sequence", "ingest_quarantine", .. BarStorage, .. EquityStorage, .. UserGrouping];

    [Test]
    public void Every_table_of_a_current_recorder_file_is_merged_or_named_here()
    {
        using var db = new TempDatabase();
        using (DatabaseFile.OpenForWriting(db.Path, TimeProvider.System))
        {
        }

        using var connection = new SqliteConnection($"Data Source={db.Path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        var tables = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.That(tables, Has.Count.GreaterThan(10), "a migrated file");
        Assert.That(tables.Except(NotMergedByKey).Append("bars").Append("run_equity"), Is.EquivalentTo(MergeTable.All.Select(t => t.Name)),
            "each table is in MergeTable.All (or deliberately listed as not merged by key)");
        Assert.That(MergeFiles.Tables, Is.EquivalentTo(tables.Except(["schema_meta", "sqlite_sequence", .. BarStorage, .. EquityStorage, .. UserGrouping]).Append("bars").Append("run_equity")),
            "the merge tests compare every table");
    }
}
