using Dapper;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.PostgreSql.Push;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Storage.Queries;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// The team store's v_runs and v_oco_groups show a pushed run as its file's views do (team schema 20 = file schema 22):
/// the accounts the run traded, and each bracket's legs and winner.
/// </summary>
[Category("PostgreSQL")]
public sealed class TeamRunViewsTests
{
    [Test]
    public void A_pushed_run_shows_its_accounts_and_brackets_as_in_its_file()
    {
        using var db = new TempDatabase();
        var winner = QueryFiles.BracketWinner(db);
        var s = new Scenario(source: RunSource.Backtest, strategy: "Two accounts");
        Recorded.Write(db.Path, s.Start().Concat<RecorderEvent>(
        [
            s.Order("A", Side.Buy, 1, "FILLED", at: 60, filled: 1) with { AccountId = "ZULU" },
            s.Fill("X1", "A", Side.Buy, 1, at: 61) with { AccountId = "ZULU" },
            s.Fill("X2", "B", Side.Sell, 1, at: 71) with { AccountId = "ALPHA" },
            s.End(at: 100),
        ]));
        using var team = PostgresServer.CreateDatabase();
        using (var pusher = TeamPusher.Connect(team.ConnectionString))
        {
            pusher.Push(db.Path);
        }

        using var connection = team.Open();
        const string Accounts = "SELECT run_id || '=' || account_id FROM v_runs ORDER BY run_id";
        const string Groups = "SELECT oco_group_id || '|' || legs || '|' || winning_role || '|' || winning_order_id FROM v_oco_groups WHERE run_id = @id";
        Assert.That(connection.Query<string>(Accounts), Is.EqualTo(Db.Query<string>(db.Path, Accounts)));
        Assert.That(connection.Query<string>(Accounts), Does.Contain($"{s.RunId}=ALPHA, ZULU").And.Contain($"{winner.RunId}=ACC-1"));
        Assert.That(connection.Query<string>(Groups, new { id = winner.RunId }),
            Is.EqualTo(Db.Query<string>(db.Path, Groups, new { id = winner.RunId })).And.EqualTo(new[] { "B1|ENTRY:E:FILLED | SL:SL:CANCELED | TP:TP:FILLED|TP|TP" }));
    }
}
