using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// One run's facts as its analysis reads them (<see cref="RunLoader.Load"/>: fills, orders, bars, its own row and
/// instruments), kept by the session that records it between one reading and the next, so that a reading reads what
/// was written since the last one rather than the whole run again (docs/architecture.md, "The flow of one event", 4):
/// <list type="bullet">
/// <item>fills and the raw log's first prices by row id: both tables are only appended to (AUTOINCREMENT ids), so the
/// rows after the highest id a reading saw are the new ones;</item>
/// <item>bars by time: the writer says, once a batch is committed, from which time on it wrote each market's bars
/// (<see cref="Touched"/>: a market bar stored, moved or marked, a series' own value or unseen time); a series is read
/// again from the earliest such time, or from after its last bar, and its list keeps what comes before;</item>
/// <item>orders and their first OCO links by order: the writer says, once a batch is committed, which of the run's
/// orders it wrote a state or a link of (<see cref="OrdersWritten"/>), and those are read again by their key, each
/// keeping its place (the row's id); many at once, and they are read whole;</item>
/// <item>the run's row and instruments: read whole each time (few).</item>
/// </list>
/// A series whose market or first bar changed is read whole; after a write from another connection (<see cref="Forget"/>)
/// everything is. Each reading gives a <see cref="RunInput"/> equal to <see cref="RunLoader.Load"/> of the same snapshot
/// (the tests compare them after every batch), and a later reading never changes an input handed out: the fills are
/// copied, and a series' bars are lent as they are kept and copied only when a later reading changes them (a run's end,
/// the last reading, copies none).
/// </summary>
internal sealed partial class RunFacts(string runId)
{
    /// <summary>Bars kept at most: past this a run's facts are not kept (each reading reads the run whole, as before).</summary>
    public const int MaxBars = 2_000_000;

    // Held for a whole reading (one at a time); `marks` only while what the writer told is added or taken.
    private readonly object reading = new();
    private readonly object marks = new();
    private readonly List<Fill> fills = [];
    private readonly List<(string Time, long Id)> fillKeys = [];
    private readonly Dictionary<string, double> limits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> stops = new(StringComparer.Ordinal);
    private readonly KeptBars bars = new(runId);
    private Dictionary<long, long> touched = [];
    private HashSet<string> ordersTouched = new(StringComparer.Ordinal);
    private readonly KeptOrders orders = new(runId);
    private long lastExecution;
    private long lastIngest;
    private bool whole = true;
    private bool forgotten;

    public string RunId { get; } = runId;

    /// <summary>Readings so far that read the run whole (tests: a reading after a batch reads what is new).</summary>
    public int WholeReadings { get; private set; }

    /// <summary>Readings so far that read the run's orders whole (tests: the others looked up those written since).</summary>
    public int WholeOrderReadings => orders.WholeReadings;

    /// <summary>What the run's last analysis left for its next (<see cref="AnalysisFold"/>), if any.</summary>
    public AnalysisFold? Fold
    {
        get => Volatile.Read(ref fold);
        set => Volatile.Write(ref fold, value);
    }

    private AnalysisFold? fold;
    private int foldsUsed;

    /// <summary>The curve as the run's last analysis stored it, kept beside <see cref="Fold"/> (<see cref="StoredCurve"/>).</summary>
    public StoredCurve? Curve
    {
        get => Volatile.Read(ref curve);
        set => Volatile.Write(ref curve, value);
    }

    private StoredCurve? curve;

    /// <summary>Analyses of the run whose curve went on from the fold the one before left (tests).</summary>
    public int FoldsUsed => Volatile.Read(ref foldsUsed);

    /// <summary>The kept bars' arrays made over every reading (tests: <see cref="KeptBars.Copies"/>, <see cref="KeptBars.Grown"/>).</summary>
    internal (int Copies, int Grown) BarArrays => (bars.Copies, bars.Grown);

    /// <summary>The last reading found more than <see cref="MaxBars"/> bars: whoever keeps the facts lets them go.</summary>
    public bool TooBig => bars.Count > MaxBars;

    /// <summary>
    /// After a commit: the earliest bar time the batch wrote in each market it wrote bars of. Told after the commit, so a
    /// reading whose snapshot missed the batch always finds it here (a reading that saw it reads those bars once more).
    /// </summary>
    public void Touched(IReadOnlyDictionary<long, long> earliestByMarket)
    {
        lock (marks)
        {
            foreach (var (market, ts) in earliestByMarket)
            {
                touched[market] = touched.TryGetValue(market, out var was) ? Math.Min(was, ts) : ts;
            }
        }
    }

    /// <summary>After a commit: the run's orders it wrote a state or an OCO link of (told after the commit, as <see cref="Touched"/>).</summary>
    public void OrdersWritten(IEnumerable<string> orderIds)
    {
        lock (marks)
        {
            ordersTouched.UnionWith(orderIds);
        }
    }

    /// <summary>Another connection wrote to the file: the next reading reads the run whole.</summary>
    public void Forget()
    {
        lock (marks)
        {
            forgotten = true;
        }
    }

    /// <summary>
    /// Starts a reading on <paramref name="connection"/> (no transaction open): under <paramref name="commits"/>, the lock
    /// the writer commits and tells what it touched under, takes what it told until now and begins the read transaction
    /// whose snapshot the reading reads — so the snapshot holds exactly the commits whose bar times were taken. Holds the
    /// facts until the reading is disposed (which ends the transaction). <paramref name="foreign"/>, run under the lock
    /// first, calls <see cref="Forget"/> if another connection wrote since the writer's last commit.
    /// </summary>
    public Reading Begin(object commits, SqliteConnection connection, Action? foreign = null)
    {
        Monitor.Enter(reading);
        try
        {
            // The connection's first statement reads the file's schema (a new connection's, every reading's): done before
            // the lock the writer commits under, which then covers only the snapshot's start.
            connection.Scalar("SELECT 1 FROM strategy_runs LIMIT 0");
            Dictionary<long, long> taken;
            HashSet<string> ordersTaken;
            lock (commits)
            {
                foreign?.Invoke();
                lock (marks)
                {
                    taken = touched;
                    touched = [];
                    ordersTaken = ordersTouched;
                    ordersTouched = new HashSet<string>(StringComparer.Ordinal);
                    whole |= forgotten;
                    forgotten = false;
                }

                connection.Run("BEGIN;");
                // The snapshot is taken at the first read, here, before the writer may commit again.
                connection.Scalar("SELECT 1 FROM strategy_runs LIMIT 1");
            }

            return new Reading(this, taken, ordersTaken, connection);
        }
        catch
        {
            whole = true;
            Monitor.Exit(reading);
            throw;
        }
    }

    // The orders as the loader gives them: by row id, each with the first prices the raw log has for it where any order
    // has a price now (RunLoader.Load).
    private List<OrderInfo> Orders()
    {
        var kept = orders.Orders();
        if (RunLoader.HasPrices(kept))
        {
            RunLoader.WithInitialPrices(kept, limits, stops);
        }

        return kept;
    }

    private void Update(SqliteConnection connection, Dictionary<long, long> taken, HashSet<string> ordersTaken)
    {
        // The highest ids now: every row up to them is in this snapshot, so the next reading starts after them.
        var executionsNow = connection.Scalar("SELECT COALESCE(MAX(id), 0) FROM executions") is long e ? e : 0;
        var ingestNow = connection.Scalar("SELECT COALESCE(MAX(id), 0) FROM ingest_events") is long i ? i : 0;
        if (whole)
        {
            WholeReadings++;
            fills.Clear();
            fillKeys.Clear();
            limits.Clear();
            stops.Clear();
            bars.Clear();
            orders.Clear();
            AddFills(connection, "run_id = @key", 0);
            RunLoader.InitialPrices(connection, RunId, ReadDialect.Sqlite, limits, stops);
        }
        else
        {
            AddFills(connection, "id > @after AND +run_id = @key", lastExecution);
            RunLoader.InitialPrices(connection, RunId, ReadDialect.Sqlite, limits, stops, lastIngest);
        }

        (lastExecution, lastIngest) = (executionsNow, ingestNow);
        orders.Update(connection, ordersTaken);
        bars.Update(connection, taken);
        whole = false;
    }

    // The fills after `after` (by id), merged into the kept ones in the loader's order: time, then id.
    private void AddFills(SqliteConnection connection, string rows, long after)
    {
        var added = new List<(string Time, long Id, Fill Fill)>();
        using (var reader = connection.Reader($"SELECT exec_utc, id, {RunLoader.FillColumns} FROM executions WHERE {rows} ORDER BY exec_utc, id",
                   new { key = RunId, after }))
        {
            while (reader.Read())
            {
                if (RunLoader.ReadFill(reader, 2) is { } fill)
                {
                    added.Add((reader.GetString(0), reader.GetInt64(1), fill));
                }
            }
        }

        if (added.Count == 0)
        {
            return;
        }

        // Most often every new fill is later than the kept ones: appended. Else merged from where the first new one goes.
        var at = fillKeys.Count;
        while (at > 0 && Compare(fillKeys[at - 1], (added[0].Time, added[0].Id)) > 0)
        {
            at--;
        }

        var tail = fillKeys.Skip(at).Zip(fills.Skip(at), (k, f) => (k.Time, k.Id, Fill: f)).ToList();
        fillKeys.RemoveRange(at, fillKeys.Count - at);
        fills.RemoveRange(at, fills.Count - at);
        int a = 0, b = 0;
        while (a < tail.Count || b < added.Count)
        {
            var next = b == added.Count || (a < tail.Count && Compare((tail[a].Time, tail[a].Id), (added[b].Time, added[b].Id)) < 0) ? tail[a++] : added[b++];
            fillKeys.Add((next.Time, next.Id));
            fills.Add(next.Fill);
        }
    }

    // As SQLite orders them: the time's text by its bytes (ASCII: ordinal), then the id.
    private static int Compare((string Time, long Id) x, (string Time, long Id) y)
    {
        var order = string.CompareOrdinal(x.Time, y.Time);
        return order != 0 ? order : x.Id.CompareTo(y.Id);
    }
}
