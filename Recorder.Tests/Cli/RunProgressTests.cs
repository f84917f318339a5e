using System.Globalization;
using NUnit.Framework;
using QuantowerRecorder.Cli.Watch;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// What a running run said of its progress (its author's ReportProgress), as the read API, `runs --json` and the watch
/// give it: a share only where the run named the whole, and the time left at the pace so far.
/// </summary>
[TestFixture]
public sealed class RunProgressTests
{
    [Test]
    public void A_run_that_named_its_whole_has_a_share_and_a_time_left_at_its_pace_since_the_file_recorded_it()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, s.Start().Append(Progress(s, 4_200, 10_000)));

        var run = Read(db.Path, s.RunId);
        Assert.That((run.ProgressProcessed, run.ProgressTotal, run.ProgressPercent), Is.EqualTo((4_200L, (long?)10_000, (double?)42.0)));
        Assert.That(run.CreatedUtc, Is.Not.Null);
        var created = DateTimeOffset.Parse(run.CreatedUtc!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        // 42 % took 42 s: the other 58 % take 58 s at that pace.
        Assert.That(run.TimeLeft(created.AddSeconds(42)), Is.EqualTo(TimeSpan.FromSeconds(58)));
        Assert.That(WatchText.Progress(run, created.AddSeconds(42)), Does.StartWith("Progress: 42% (4,200 of 10,000), about ").And.EndWith(" left."));

        Assert.That(Read(db.Path, s.RunId, Progress(s, 10_000, null)).ProgressPercent, Is.EqualTo(100.0), "the whole named before still counts");
        var ended = Read(db.Path, s.RunId, s.End());
        Assert.That((ended.TimeLeft(created.AddSeconds(42)), WatchText.Progress(ended, created.AddSeconds(42))), Is.EqualTo(((TimeSpan?)null, (string?)null)),
            "an ended run has no time left");
    }

    [Test]
    public void A_run_that_named_no_whole_says_what_it_processed_and_no_share_and_one_that_said_nothing_says_nothing()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Live);
        var quiet = new Scenario(source: RunSource.Live);
        Recorded.Write(db.Path, s.Start().Append(Progress(s, 4_200, null)).Concat(quiet.Start()));

        var run = Read(db.Path, s.RunId);
        Assert.That((run.ProgressProcessed, run.ProgressTotal, run.ProgressPercent), Is.EqualTo((4_200L, (long?)null, (double?)null)));
        var created = DateTimeOffset.Parse(run.CreatedUtc!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.That(run.TimeLeft(created.AddMinutes(5)), Is.Null, "no share, no estimate");
        Assert.That(WatchText.Progress(run, created.AddMinutes(5)), Is.EqualTo("Progress: 4,200 processed (the run named no whole)."));

        var silent = Read(db.Path, quiet.RunId);
        Assert.That((silent.ProgressProcessed, silent.ProgressPercent, WatchText.Progress(silent, created)), Is.EqualTo((0L, (double?)null, (string?)null)));
    }

    [Test]
    public void Runs_json_gives_the_progress_fields()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, s.Start().Append(Progress(s, 250, 1_000)));
        var run = Cli.Run(db.Folder, "runs", "--json", "--db", db.Path);
        Assert.That(run.ExitCode, Is.Zero, run.Error);
        using var json = System.Text.Json.JsonDocument.Parse(run.Out);
        var item = json.RootElement.EnumerateArray().Single();
        Assert.That(item.GetProperty("progress_processed").GetInt64(), Is.EqualTo(250));
        Assert.That(item.GetProperty("progress_total").GetInt64(), Is.EqualTo(1_000));
        Assert.That(item.GetProperty("progress_percent").GetDouble(), Is.EqualTo(25.0));
        Assert.That(item.GetProperty("created_utc").GetString(), Does.EndWith("Z"));
    }

    private static RunProgress Progress(Scenario s, long processed, long? total) =>
        new() { RunId = s.RunId, EventUtc = Scenario.T0.AddMinutes(processed / 100.0), Source = s.Source, ProcessedCount = processed, TotalCount = total };

    private static RunRecord Read(string path, string runId, params RecorderEvent[] more)
    {
        if (more.Length > 0)
        {
            Recorded.Write(path, more);
        }

        using var reader = RecorderStore.OpenRead(path);
        return RunRecord.Of(reader, reader.Runs.Get(runId)!);
    }
}
