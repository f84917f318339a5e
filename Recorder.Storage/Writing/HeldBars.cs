using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The bars of the series that other series share (<see cref="SharedBars"/>), kept in memory for the process: every
/// pass of an optimisation compares its bars with the same holding series, and reading them from the file again for
/// each pass was most of a later pass's time. What is kept of a series is one run of its bars without a gap, read
/// from the file, with the file's stamp when they were read. The stamp (docs/decisions.md, 14) is the file's token,
/// the count of bar_data's updates and deletes (its triggers) and bar_data's AUTOINCREMENT sequence (its inserts):
/// whoever changed a bar of the file since, the stamp differs and the series is read again. Bars read in a transaction
/// that then rolled back are forgotten (<see cref="Forget"/>). At most <see cref="Budget"/> bytes are kept, the series
/// used longest ago going first; a series larger than that is read from the file each time, as before.
/// </summary>
internal static class HeldBars
{
    /// <summary>The memory the kept bars may take, estimated (64 MB).</summary>
    public const long Budget = 64L << 20;

    private static readonly object Gate = new();
    private static readonly Dictionary<(string File, string Series), Held> Series = [];
    private static long bytes;
    private static long clock;

    /// <summary>
    /// The file's stamp now, as this connection sees it (its own uncommitted changes included); null when its rows were
    /// removed from schema_meta: then a change of a bar may move nothing, and nothing kept may be used.
    /// </summary>
    public static Stamp? StampOf(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT value FROM schema_meta WHERE key = 'file_token'),
                   (SELECT CAST(value AS INTEGER) FROM schema_meta WHERE key = 'bar_data_changes'),
                   COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'bar_data'), 0)
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return reader.IsDBNull(0) || reader.IsDBNull(1)
            ? null
            : new Stamp(connection.DataSource + "|" + reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>
    /// The series' stored bars after a time, at most <paramref name="limit"/> of them in time order: from memory when
    /// what is kept covers them at this stamp, else from the file (and kept). A view, not a copy: what is kept is never
    /// changed in place, only replaced.
    /// </summary>
    public static ArraySegment<StoredBar> After(SqliteConnection connection, Stamp stamp, string seriesId, DateTime after, int limit)
    {
        var key = (stamp.File, seriesId);
        lock (Gate)
        {
            if (Series.TryGetValue(key, out var held) && held.Stamp == stamp && held.Covers(after, limit) is { } kept)
            {
                held.Used = ++clock;
                return kept;
            }
        }

        var read = StoredBars.After(connection, seriesId, after, limit);
        lock (Gate)
        {
            Series.TryGetValue(key, out var held);
            if (held is not null)
            {
                bytes -= held.Bytes;
                Series.Remove(key);
            }

            held = held is not null && held.Stamp == stamp && held.Extend(after, read, limit) ? held : Held.Of(stamp, after, read, limit);
            if (held.Bytes <= Budget)
            {
                held.Used = ++clock;
                Series[key] = held;
                bytes += held.Bytes;
                Evict();
            }

            return held.Covers(after, limit) ?? new ArraySegment<StoredBar>([.. read]);
        }
    }

    /// <summary>Drops what is kept of these series of a file (read in a transaction that did not commit).</summary>
    public static void Forget(string file, IEnumerable<string> seriesIds)
    {
        lock (Gate)
        {
            foreach (var seriesId in seriesIds)
            {
                if (Series.Remove((file, seriesId), out var held))
                {
                    bytes -= held.Bytes;
                }
            }
        }
    }

    /// <summary>Test-only: whether bars of this series are kept (series ids are unique to their run).</summary>
    internal static bool Has(string seriesId)
    {
        lock (Gate)
        {
            return Series.Keys.Any(k => k.Series == seriesId);
        }
    }

    private static void Evict()
    {
        while (bytes > Budget && Series.Count > 0)
        {
            var oldest = Series.MinBy(s => s.Value.Used);
            Series.Remove(oldest.Key);
            bytes -= oldest.Value.Bytes;
        }
    }

    /// <summary>What a file's bars were when they were read: any change of a bar since gives another stamp.</summary>
    public readonly record struct Stamp(string File, long Changes, long Sequence);

    // A series' bars after a time, without a gap: every bar of the series after `from` up to the last kept, and, when
    // toEnd, none after that.
    private sealed class Held(Stamp stamp, DateTime from, StoredBar[] bars, bool toEnd)
    {
        public Stamp Stamp { get; } = stamp;

        public long Used { get; set; }

        public long Bytes { get; private set; } = Size(bars);

        public static Held Of(Stamp stamp, DateTime after, List<StoredBar> read, int limit) => new(stamp, after, [.. read], read.Count < limit);

        public ArraySegment<StoredBar>? Covers(DateTime after, int limit)
        {
            if (after < from)
            {
                return null;
            }

            var index = FirstAfter(after);
            var available = bars.Length - index;
            if (available >= limit)
            {
                return new ArraySegment<StoredBar>(bars, index, limit);
            }

            return toEnd ? new ArraySegment<StoredBar>(bars, index, available) : (ArraySegment<StoredBar>?)null;
        }

        // The bars read after a time that lies within what is kept continue it: they replace what was kept after it
        // (in a new array: views of the old one may still be in use).
        public bool Extend(DateTime after, List<StoredBar> read, int limit)
        {
            if (after < from || after > (bars.Length > 0 ? bars[^1].OpenUtc : from))
            {
                return false;
            }

            bars = [.. bars.AsSpan(0, FirstAfter(after)), .. read];
            toEnd = read.Count < limit;
            Bytes = Size(bars);
            return true;
        }

        private int FirstAfter(DateTime after)
        {
            int lo = 0, hi = bars.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (bars[mid].OpenUtc > after)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }

            return lo;
        }

        private static long Size(StoredBar[] bars)
        {
            long size = 72L * bars.Length;
            foreach (var bar in bars)
            {
                size += bar.VolumetricJson is { } json ? 24 + (2L * json.Length) : 0;
            }

            return size;
        }
    }
}
