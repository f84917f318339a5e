using NUnit.Framework;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Queries.Sql;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Queries;

/// <summary>IRecorderReader.InSnapshot: a question's calls join one read transaction, which a writer's commit does not change.</summary>
[TestFixture]
public sealed class SnapshotTests
{
    [Test]
    public void Calls_inside_one_snapshot_join_its_transaction_and_see_no_commit_made_meanwhile()
    {
        using var db = new TempDatabase();
        var run = QueryFiles.BracketWinner(db).RunId;
        using var reader = RecorderStore.OpenRead(db.Path);
        var (first, second) = reader.InSnapshot(r =>
        {
            var first = r.Runs.Get(run)!.EndUtc;
            LiveWriter.Commit(db.Path, run);
            return (first, r.Runs.Detail(run)!.Run.EndUtc);
        });

        Assert.That(second, Is.EqualTo(first));
        Assert.That(((SqlRecorderReader)reader).ReadTransactions, Is.EqualTo(1));
        Assert.That(reader.Runs.Get(run)!.EndUtc, Is.EqualTo("2026-04-02T00:00:01.0000000Z"), "the next call sees the commit");
        Assert.That(((SqlRecorderReader)reader).ReadTransactions, Is.EqualTo(2));
    }
}
