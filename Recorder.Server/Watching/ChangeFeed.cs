using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Server.Watching;

/// <summary>
/// The server's one watch of its file, shared by every page that follows it (GET /api/changes): on a timer of the
/// server's clock it compares the file's <see cref="FileStamp"/> (a team database's: its pushes' stamp, <see cref="OfStore"/>),
/// and only when it moved reads the runs a page shows
/// changing — every RUNNING run, the runs running at the last look (to see them end) and the newest
/// <see cref="NewestRuns"/> (to see new ones) — through the read API, in one snapshot. It tells each follower `file`,
/// then `run` with the record of each run whose record changed (as GET /api/runs/ gives it); a file it cannot read
/// is a `problem`, said once, and the watch goes on until the file is back. Each follower has a bounded queue: one too
/// slow to take its events is let go (its browser reconnects and reads afresh) rather than held in memory.
/// </summary>
internal sealed class ChangeFeed : IDisposable
{
    /// <summary>How many of the newest runs each look reads besides the running ones.</summary>
    public const int NewestRuns = 50;

    /// <summary>Events a follower may have waiting; past this it is too slow and is let go.</summary>
    public const int QueueLength = 256;

    private static readonly JsonSerializerOptions OneLine = new(ContractJson.Options) { WriteIndented = false };

    private readonly Func<StoreStamp> look;
    private readonly string what;
    private readonly Func<IRecorderReader> open;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<long, Channel<ServerSentEvent>> followers = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> waiters = [];
    private readonly ITimer timer;
    private readonly object looking = new();
    private StoreStamp? stamp;
    private Dictionary<string, Seen> known = [];
    private string? problem;
    private long nextFollower;
    private long nextEvent;
    private int disposed;

    /// <summary>A file's watch: its and its WAL's stamp; a file that is not there is a problem until it is back.</summary>
    public ChangeFeed(string path, Func<IRecorderReader> open, TimeProvider time, TimeSpan interval)
        : this(() => FileStamp.Of(path) is { } file ? new StoreStamp(file, file.FileBytes, file.WalBytes)
                : throw new StoreGone($"no file at {Path.GetFileName(path)} (deleted or moved away): waiting for it to come back"),
            "file", open, time, interval)
    {
    }

    private ChangeFeed(Func<StoreStamp> look, string what, Func<IRecorderReader> open, TimeProvider time, TimeSpan interval)
    {
        this.look = look;
        this.what = what;
        this.open = open;
        this.time = time;
        // What the file holds at start is what a page opened now reads; only what changes after is told.
        try
        {
            Look(announce: false);
        }
        catch (Exception ex)
        {
            Problem($"the server could not read the {what}: " + ex.Message);
        }
        timer = time.CreateTimer(static feed => ((ChangeFeed)feed!).Tick(), this, interval, interval);
    }

    /// <summary>
    /// A store that is not a file (the team database): <paramref name="stamp"/> changes when it may hold something new;
    /// one that cannot be read is a problem until it can.
    /// </summary>
    public static ChangeFeed OfStore(Func<string> stamp, Func<IRecorderReader> open, TimeProvider time, TimeSpan interval) =>
        new(() => new StoreStamp(stamp(), null, null), "team database", open, time, interval);

    /// <summary>Pages following now (tests wait for it to go back to 0 when one goes away).</summary>
    public int Followers => followers.Count;

    /// <summary>A new follower's queue; the current problem, if any, is its first event. Dispose it when the client goes.</summary>
    public Follower Follow()
    {
        var id = Interlocked.Increment(ref nextFollower);
        var queue = Channel.CreateBounded<ServerSentEvent>(new BoundedChannelOptions(QueueLength) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        lock (looking)
        {
            if (problem is not null)
            {
                queue.Writer.TryWrite(Event("problem", new FileProblem(problem, Now())));
            }

            followers[id] = queue;
        }

        if (Volatile.Read(ref disposed) == 1)
        {
            queue.Writer.TryComplete();
        }

        FollowersChanged();
        return new Follower(this, id, queue.Reader);
    }

    internal void Forget(long id)
    {
        if (followers.TryRemove(id, out var queue))
        {
            queue.Writer.TryComplete();
            FollowersChanged();
        }
    }

    /// <summary>Completes when <see cref="Followers"/> is <paramref name="count"/> (tests).</summary>
    internal Task WhenFollowers(int count)
    {
        lock (waiters)
        {
            if (followers.Count == count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((count, reached));
            return reached.Task;
        }
    }

    private void FollowersChanged()
    {
        lock (waiters)
        {
            foreach (var waiter in waiters.Where(w => w.Count == followers.Count).ToList())
            {
                waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
    }

    // A timer's callback that throws ends the process: whatever goes wrong in a look is a problem told to the pages.
    private void Tick()
    {
        if (!Monitor.TryEnter(looking))
        {
            return; // the last look is still reading: this tick is not needed
        }

        try
        {
            Look(announce: true);
        }
        catch (Exception ex)
        {
            Problem($"the server could not read the {what}: " + ex.Message);
        }
        finally
        {
            Monitor.Exit(looking);
        }
    }

    private void Look(bool announce)
    {
        lock (looking)
        {
            StoreStamp now;
            try
            {
                now = look();
            }
            catch (StoreGone gone)
            {
                Problem(gone.Message);
                return;
            }

            if (now == stamp && problem is null)
            {
                return;
            }

            if (announce && followers.IsEmpty)
            {
                // Nobody follows: nothing is read while the file records (the stamp stays, so the first look with a
                // follower reads and tells what changed since the last look).
                return;
            }

            Dictionary<string, Seen> runs;
            try
            {
                runs = ReadRuns();
            }
            catch (Exception ex)
            {
                // Locked by another program, truncated, replaced by something that is not a recorder file: said, then looked at again.
                Problem($"the server cannot read the {what} now: " + ex.Message);
                return;
            }

            var recovered = problem is not null;
            stamp = now;
            problem = null;
            if (announce)
            {
                Publish(Event("file", new FileChange(now.FileBytes, now.WalBytes, Now(), recovered)));
                foreach (var (id, seen) in runs)
                {
                    if (!known.TryGetValue(id, out var before) || before.Json != seen.Json)
                    {
                        Publish(new ServerSentEvent(Interlocked.Increment(ref nextEvent), "run", seen.Json));
                    }
                }
            }

            known = runs;
        }
    }

    private Dictionary<string, Seen> ReadRuns()
    {
        using var reader = open();
        var wasRunning = known.Where(k => k.Value.Running).Select(k => k.Key).ToList();
        return reader.InSnapshot(r =>
        {
            var runs = r.Runs.List(new RunQuery { Status = "RUNNING" }).Runs
                .Concat(r.Runs.List(new RunQuery { Sort = RunSort.Start, Descending = true, Limit = NewestRuns }).Runs)
                .DistinctBy(run => run.RunId).ToList();
            var read = runs.Select(run => run.RunId).ToHashSet(StringComparer.Ordinal);
            runs.AddRange(wasRunning.Where(id => !read.Contains(id)).Select(id => r.Runs.Get(id)).OfType<RunSummary>());
            return RunRecord.Of(r, runs).ToDictionary(run => run.RunId, run => new Seen(run.Status == "RUNNING", JsonSerializer.Serialize(run, OneLine)), StringComparer.Ordinal);
        });
    }

    private void Problem(string detail)
    {
        lock (looking)
        {
            if (problem == detail)
            {
                return;
            }

            problem = detail;
            Publish(Event("problem", new FileProblem(detail, Now())));
        }
    }

    private void Publish(ServerSentEvent e)
    {
        foreach (var (id, queue) in followers)
        {
            if (!queue.Writer.TryWrite(e))
            {
                Forget(id);
            }
        }
    }

    private ServerSentEvent Event<T>(string name, T record) =>
        new(Interlocked.Increment(ref nextEvent), name, JsonSerializer.Serialize(record, OneLine));

    private string Now() => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>Stops watching and ends every follower's stream (the server is stopping: no request is left waiting).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        timer.Dispose();
        foreach (var id in followers.Keys)
        {
            Forget(id);
        }
    }

    private sealed record Seen(bool Running, string Json);
}

/// <summary>What the watch compares between looks (a file's <see cref="FileStamp"/>, a team database's push stamp), and the sizes a `file` event says.</summary>
internal sealed record StoreStamp(object Token, long? FileBytes, long? WalBytes);

/// <summary>The store is not there now (a file deleted or moved away): a problem, and looked at again.</summary>
internal sealed class StoreGone(string message) : Exception(message);
