using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Studies;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Studies;

/// <summary>
/// Which runs a run's deflated Sharpe is deflated against (docs/metrics.md, "Trials"), and when backtests are inferred
/// as a study (docs/studies.md): files built run by run, Sharpe ratios set by hand, so that every expectation is a
/// choice of runs read off the construction.
/// </summary>
[TestFixture]
public sealed class TrialPopulationTests
{
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 3, 2, 18, 0, 0, TimeSpan.Zero));

    /// <summary>A backtest of strategy "Sweep" with period = <paramref name="period"/>, starting <paramref name="day"/> days after Scenario.T0.</summary>
    private static string Backtest(string path, int period, int day = 0)
    {
        var s = new Scenario(source: RunSource.Backtest, strategy: "Sweep", parameters: new Dictionary<string, object?> { ["period"] = period, ["threshold"] = 1.5 });
        var events = s.Start().ToList();
        events.Add(s.End());
        Recorded.Write(path, events.Select(e => Shift(e, day)));
        return s.RunId;
    }

    private static RecorderEvent Shift(RecorderEvent e, int days) => days == 0 ? e : e with { EventUtc = e.EventUtc.AddDays(days) };

    private static void SetSharpe(string path, string runId, double sharpe)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO run_metrics_kv(run_id, key, value, unit) VALUES ($run, 'sharpe', $value, 'ratio') ON CONFLICT DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$run", runId);
        command.Parameters.AddWithValue("$value", sharpe);
        command.ExecuteNonQuery();
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Test]
    public void Backtests_of_one_environment_are_a_study_from_five_parameter_sets_not_four()
    {
        using var four = new TempDatabase();
        using var five = new TempDatabase();
        for (var p = 1; p <= 4; p++)
        {
            Backtest(four.Path, p);
            Backtest(five.Path, p);
        }

        Backtest(five.Path, 5);
        // Four sets and a repeat of one of them are still four parameter sets.
        Backtest(four.Path, 1);

        using (var reader = RecorderStore.OpenRead(four.Path))
        {
            Assert.That(reader.Studies.List(), Is.Empty, "4 parameter sets: a handful of backtests");
        }

        using (var reader = RecorderStore.OpenRead(five.Path))
        {
            var study = reader.Studies.List().Single();
            Assert.That((study.Origin, study.Passes.Count), Is.EqualTo((StudyOrigin.Inferred, 5)));
        }
    }

    [Test]
    public void A_pass_is_deflated_against_the_passes_of_its_study_one_per_parameter_set()
    {
        using var db = new TempDatabase();
        var passes = Enumerable.Range(1, 6).Select(p => Backtest(db.Path, p)).ToList();
        var repeat = Backtest(db.Path, 2); // parameter set 2 again: one trial, the set's first run stands for it
        var later = Backtest(db.Path, 7, day: 1); // another period: not a pass of this study's period
        double[] sharpes = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        for (var i = 0; i < passes.Count; i++)
        {
            SetSharpe(db.Path, passes[i], sharpes[i]);
        }

        SetSharpe(db.Path, repeat, 100);
        SetSharpe(db.Path, later, 50);

        using var reader = RecorderStore.OpenRead(db.Path);
        var study = reader.Studies.List().Single();
        Assert.That(study.Passes.Select(p => p.RunId), Does.Contain(repeat));

        // Pass 3's others: the passes of sets 1, 2 (its first run, not the repeat), 4, 5, 6.
        var trials = reader.Studies.Trials(passes[2])!;
        Assert.That(trials.OtherSharpes.Order(), Is.EqualTo(new[] { 1.0, 2.0, 4.0, 5.0, 6.0 }));
        Assert.That(trials.Description, Does.StartWith($"the passes of study \"{study.Name}\" over 2026-03-02 → 2026-03-02"));

        // The repeat itself is the run of its set: its others are the other five sets.
        Assert.That(reader.Studies.Trials(repeat)!.OtherSharpes.Order(), Is.EqualTo(new[] { 1.0, 3.0, 4.0, 5.0, 6.0 }));

        var now = reader.Studies.DeflatedSharpe(passes[2])!;
        Assert.That(now.Trials, Is.EqualTo(6));
        Assert.That(now.TrialRunIds, Is.EquivalentTo(passes));
        Assert.That(now.StudyId, Is.EqualTo(study.StudyId));
        Assert.That(now.SharpeVariance, Is.EqualTo(3.5).Within(1e-12), "sample variance of 1…6 = 17.5 / 5");
        Assert.That(now.Probability, Is.Null);
        Assert.That(now.Reason, Does.Contain("closed trades"), "the runs have no trades: the ratio needs 10");
    }

    [Test]
    public void A_run_outside_any_study_is_deflated_against_the_strategys_runs_over_the_same_data_and_alone_it_is_not_enough()
    {
        using var db = new TempDatabase();
        var a = Backtest(db.Path, 1);
        var b = Backtest(db.Path, 2);
        var c = Backtest(db.Path, 3);
        var elsewhere = Backtest(db.Path, 4, day: 2);
        SetSharpe(db.Path, a, 0.5);
        SetSharpe(db.Path, b, -0.5);
        SetSharpe(db.Path, c, 1.5);
        SetSharpe(db.Path, elsewhere, 9);
        // Another data source is other data.
        Execute(db.Path, $"UPDATE strategy_runs SET data_source = 'another feed' WHERE run_id = '{c}'");

        using var reader = RecorderStore.OpenRead(db.Path);
        Assert.That(reader.Studies.List(), Is.Empty);
        var trials = reader.Studies.Trials(a)!;
        Assert.That(trials.OtherSharpes, Is.EqualTo(new[] { -0.5 }));
        Assert.That(trials.Description, Does.StartWith("the strategy's runs over the same data (ES 1m 2026-03-02 → 2026-03-02"));

        var alone = reader.Studies.DeflatedSharpe(elsewhere)!;
        Assert.That(alone.Trials, Is.EqualTo(1));
        Assert.That(alone.NotEnough!.Text, Is.EqualTo("not enough trials (1; needs 2)"));
        Assert.That(alone.Probability, Is.Null);
        Assert.That(reader.Studies.Trials(c)!.OtherSharpes, Is.Empty);
        Assert.That(reader.Studies.DeflatedSharpe("no such run"), Is.Null);
    }

    [Test]
    public void A_users_grouping_is_the_population_of_its_runs()
    {
        using var db = new TempDatabase();
        var runs = Enumerable.Range(1, 3).Select(p => Backtest(db.Path, p)).ToList();
        var other = Backtest(db.Path, 9);
        for (var i = 0; i < runs.Count; i++)
        {
            SetSharpe(db.Path, runs[i], i);
        }

        SetSharpe(db.Path, other, 7);
        StudyAssignments.Group(db.Path, "mine", [runs[0], runs[1]], null, Clock);

        using var reader = RecorderStore.OpenRead(db.Path);
        Assert.That(reader.Studies.Trials(runs[0])!.OtherSharpes, Is.EqualTo(new[] { 1.0 }));
        Assert.That(reader.Studies.Trials(runs[0])!.Description, Does.StartWith("the passes of study \"mine\""));
        // The two left out of the group are the strategy's runs over the same data, the grouped ones among them.
        Assert.That(reader.Studies.Trials(other)!.OtherSharpes.Order(), Is.EqualTo(new[] { 0.0, 1.0, 2.0 }));
    }
}
