using Dapper;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// A run's analysis is computed off the file's writer, after every event recorded before it was asked for, and stored
/// by the writer in steps between its batches.
/// </summary>
[TestFixture]
public sealed class WriterJobTests
{
    [Test]
    public void Analysis_asked_for_right_after_the_last_events_sees_all_of_them()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        using var session = RecorderSession.Open(db.Path);
        foreach (var e in s.Start())
        {
            session.Record(e);
        }

        session.Record(s.Order("E", Side.Buy, 1, "FILLED", at: 1, filled: 1));
        session.Record(s.Fill("X1", "E", Side.Buy, 1, price: 5000, at: 1));
        session.Record(s.Order("C", Side.Sell, 1, "FILLED", at: 2, filled: 1));
        session.Record(s.Fill("X2", "C", Side.Sell, 1, price: 5010, at: 2));
        session.Record(s.End());

        var analysis = session.AnalyzeRunWhenWritten(s.RunId);

        Assert.That(analysis.Wait(TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(Db.Query<double>(db.Path, "SELECT gross_pnl FROM run_trades"), Is.EqualTo(new[] { 10.0 }));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs"), Is.EqualTo("COMPLETED"));
    }

    [Test]
    public void Analysis_asked_for_before_a_close_runs_before_the_writer_stops()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var session = RecorderSession.Open(db.Path);
        foreach (var e in s.Start().Append(s.End()))
        {
            session.Record(e);
        }

        var analysis = session.AnalyzeRunWhenWritten(s.RunId);
        Assert.That(session.Close(TimeSpan.FromSeconds(30)).Completed, Is.True);

        Assert.That(analysis.IsCompletedSuccessfully, Is.True, "the close waited for it");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs WHERE metrics_json IS NOT NULL"), Is.EqualTo(1));
    }

    [Test]
    public void A_failing_analysis_fails_its_task_and_the_writer_goes_on()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        using var session = RecorderSession.Open(db.Path);
        foreach (var e in s.Start())
        {
            session.Record(e);
        }

        var analysis = session.AnalyzeRunWhenWritten("no-such-run");

        Assert.That(() => analysis.Wait(TimeSpan.FromSeconds(30)), Throws.InstanceOf<AggregateException>()
            .With.InnerException.InstanceOf<KeyNotFoundException>());
        Assert.That(session.Record(s.End()), Is.True);
        Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs"), Is.EqualTo("COMPLETED"));
    }

    [Test]
    public void A_job_is_prepared_off_the_writers_thread_and_stored_one_step_per_turn_of_the_writer()
    {
        using var db = new TempDatabase();
        using var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System);
        connection.Execute("CREATE TABLE steps(n INTEGER)");
        var jobs = new WriterJobs(TimeProvider.System, stepBudget: TimeSpan.Zero);
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var preparedOn = 0;
        var done = jobs.Add(_ =>
        {
            preparedOn = Environment.CurrentManagedThreadId;
            started.Set();
            release.Wait();
            return Enumerable.Range(1, 3).Select(n => (Action<SqliteConnection>)(c => c.Execute("INSERT INTO steps VALUES (@n)", new { n })));
        }, settledTarget: 5);

        jobs.RunDue(connection, settled: 4);
        Assert.That(started.IsSet, Is.False, "not prepared before its events are settled");

        // The writer's turn returns while the preparation is still blocked: it runs elsewhere.
        jobs.RunDue(connection, settled: 5);
        Assert.That(started.Wait(TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(preparedOn, Is.Not.EqualTo(Environment.CurrentManagedThreadId));
        Assert.That(Rows(connection), Is.Empty);
        release.Set();

        Assert.That(SpinWait.SpinUntil(() =>
        {
            jobs.RunDue(connection, settled: 5);
            return Rows(connection).Count > 0;
        }, TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(Rows(connection), Is.EqualTo(new[] { 1L }), "one step per turn");
        jobs.RunDue(connection, settled: 5);
        Assert.That(Rows(connection), Is.EqualTo(new[] { 1L, 2L }));
        jobs.RunDue(connection, settled: 5);
        Assert.That((Rows(connection), done.IsCompletedSuccessfully, jobs.Count), Is.EqualTo((new List<long> { 1, 2, 3 }, true, 0)),
            "done with the turn of its last step");
    }

    [TestCase(false, TestName = "A job's steps within the writer's budget are one transaction, its task done once they are committed")]
    [TestCase(true, TestName = "A job's steps past the writer's budget are each a transaction of its own")]
    public void Steps_share_a_transaction_while_the_budget_lasts(bool budgetSpent)
    {
        using var db = new TempDatabase();
        using var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System);
        connection.Execute("CREATE TABLE steps(n INTEGER)");
        using var other = DatabaseFile.OpenForReading(db.Path);
        var clock = new FakeClock(DateTime.UnixEpoch);
        var jobs = new WriterJobs(clock, stepBudget: budgetSpent ? TimeSpan.Zero : TimeSpan.FromSeconds(1));
        var seenByAnother = new List<long>();
        var done = jobs.Add(_ => Enumerable.Range(1, 3).Select(n => (Action<SqliteConnection>)(c =>
        {
            // What another connection sees of the steps before this one.
            seenByAnother.Add(other.ExecuteScalar<long>("SELECT COUNT(*) FROM steps"));
            c.Execute("INSERT INTO steps VALUES (@n)", new { n });
        })), settledTarget: 0);

        Assert.That(SpinWait.SpinUntil(() =>
        {
            jobs.RunDue(connection, settled: 0);
            return done.IsCompleted;
        }, TimeSpan.FromSeconds(30)), Is.True);

        Assert.That(done.IsCompletedSuccessfully, Is.True);
        Assert.That(Rows(connection), Is.EqualTo(new[] { 1L, 2L, 3L }));
        Assert.That(seenByAnother, Is.EqualTo(budgetSpent ? new[] { 0L, 1L, 2L } : new[] { 0L, 0L, 0L }));
    }

    [Test]
    public void A_failing_job_is_told_to_the_writer_and_its_earlier_steps_in_the_transaction_are_undone()
    {
        using var db = new TempDatabase();
        using var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System);
        connection.Execute("CREATE TABLE steps(n INTEGER)");
        var failures = 0;
        var jobs = new WriterJobs(new FakeClock(DateTime.UnixEpoch), failed: () => failures++);
        var done = jobs.Add(_ => new Action<SqliteConnection>[]
        {
            c => c.Execute("INSERT INTO steps VALUES (1)"),
            _ => throw new InvalidOperationException("a step that fails"),
        }, settledTarget: 0);

        Assert.That(SpinWait.SpinUntil(() =>
        {
            jobs.RunDue(connection, settled: 0);
            return done.IsCompleted;
        }, TimeSpan.FromSeconds(30)), Is.True);

        Assert.That((done.IsFaulted, failures, jobs.Count), Is.EqualTo((true, 1, 0)));
        Assert.That(Rows(connection), Is.Empty);
    }

    [Test]
    public void A_step_after_a_task_lets_the_writer_commit_and_go_on_until_the_task_completes_then_the_job_resumes()
    {
        using var db = new TempDatabase();
        using var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System);
        connection.Execute("CREATE TABLE steps(n INTEGER)");
        using var other = DatabaseFile.OpenForReading(db.Path);
        var woken = 0;
        var jobs = new WriterJobs(new FakeClock(DateTime.UnixEpoch), stepBudget: TimeSpan.FromHours(1), prepared: () => Interlocked.Increment(ref woken));
        var rest = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        IEnumerable<Action<SqliteConnection>> Steps()
        {
            yield return c => c.Execute("INSERT INTO steps VALUES (1)");
            yield return WriterJobs.After(rest.Task);
            // Made only once the gate has passed: reads what it waited for.
            var n = rest.Task.Result;
            yield return c => c.Execute("INSERT INTO steps VALUES (@n)", new { n });
        }

        var done = jobs.Add(_ => Steps(), settledTarget: 0);
        Assert.That(SpinWait.SpinUntil(() =>
        {
            jobs.RunDue(connection, settled: 0);
            return Rows(connection).Count > 0;
        }, TimeSpan.FromSeconds(30)), Is.True);

        // The first step is committed (another connection sees it) and the writer is not held: nothing runs, nothing to do now.
        Assert.That(other.ExecuteScalar<long>("SELECT COUNT(*) FROM steps"), Is.EqualTo(1));
        var wokenBefore = Volatile.Read(ref woken);
        jobs.RunDue(connection, settled: 0);
        Assert.That((Rows(connection), jobs.Ready, done.IsCompleted), Is.EqualTo((new List<long> { 1 }, false, false)));

        rest.SetResult(2);
        Assert.That(SpinWait.SpinUntil(() => Volatile.Read(ref woken) > wokenBefore, TimeSpan.FromSeconds(30)), Is.True, "the writer is woken");
        Assert.That(jobs.Ready, Is.True);
        jobs.RunDue(connection, settled: 0);
        Assert.That((Rows(connection), done.IsCompletedSuccessfully, jobs.Count), Is.EqualTo((new List<long> { 1, 2 }, true, 0)));
    }

    [TestCase(false, TestName = "A job whose step waited for a task that failed fails, and the writer is told")]
    [TestCase(true, TestName = "A job whose step waited for a task that was called off is called off")]
    public void A_job_waiting_for_a_task_ends_as_the_task_does(bool calledOff)
    {
        using var db = new TempDatabase();
        using var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System);
        connection.Execute("CREATE TABLE steps(n INTEGER)");
        var failures = 0;
        var jobs = new WriterJobs(new FakeClock(DateTime.UnixEpoch), failed: () => failures++);
        var rest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = jobs.Add(_ => new[]
        {
            c => c.Execute("INSERT INTO steps VALUES (1)"),
            WriterJobs.After(rest.Task),
            c => c.Execute("INSERT INTO steps VALUES (2)"),
        }, settledTarget: 0);
        Assert.That(SpinWait.SpinUntil(() =>
        {
            jobs.RunDue(connection, settled: 0);
            return Rows(connection).Count > 0;
        }, TimeSpan.FromSeconds(30)), Is.True);

        if (calledOff)
        {
            rest.SetCanceled();
        }
        else
        {
            rest.SetException(new InvalidOperationException("the rest failed"));
        }

        Assert.That(SpinWait.SpinUntil(() =>
        {
            jobs.RunDue(connection, settled: 0);
            return done.IsCompleted;
        }, TimeSpan.FromSeconds(30)), Is.True);
        Assert.That((done.IsCanceled, done.IsFaulted, failures, jobs.Count), Is.EqualTo((calledOff, !calledOff, calledOff ? 0 : 1, 0)));
        Assert.That(Rows(connection), Is.EqualTo(new[] { 1L }), "what ran before the wait stays committed; nothing after it ran");
    }

    private static List<long> Rows(SqliteConnection connection) => connection.Query<long>("SELECT n FROM steps ORDER BY rowid").ToList();
}
