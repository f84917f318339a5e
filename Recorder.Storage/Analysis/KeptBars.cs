using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// A run's bar series as <see cref="RunFacts"/> keeps them between readings, in the loader's order: a series is read
/// again from the earliest time the writer said it wrote in its market, or from after its last bar, and keeps what
/// comes before; one whose market, first bar, symbol or timeframe changed is read whole. An input is lent a view of the
/// kept bars (<see cref="KeptSeries"/>): a later reading that only adds bars after it writes them beside it, in the same
/// chunks; one that changes what a view holds writes a copy of the chunk the change begins in and leaves the old one to
/// the views.
/// </summary>
internal sealed class KeptBars(string runId)
{
    /// <summary>Bars to a chunk of a kept series (tests).</summary>
    internal const int Chunk = ChunkedList<Bar>.Size;

    private readonly Dictionary<string, KeptSeries> series = new(StringComparer.Ordinal);
    private List<string> seriesOrder = [];

    /// <summary>Bars kept, over every series, as of the last reading.</summary>
    public long Count { get; private set; }

    /// <summary>
    /// Readings so far that copied a chunk because they changed bars a lent view reads (tests: bars only added after it
    /// make none).
    /// </summary>
    internal int Copies { get; private set; }

    /// <summary>Readings so far that made room for more bars: a chunk added, or one grown half as large again (tests).</summary>
    internal int Grown { get; private set; }

    /// <summary>The series as the analysis reads them, their bars lent.</summary>
    public List<BarSeries> Lend() => [.. seriesOrder.Select(id => series[id]).Select(s => RunLoader.Of(s.Stored, s.Lend()))];

    /// <summary>Forgets them: the next reading reads every series whole.</summary>
    public void Clear()
    {
        series.Clear();
        Count = 0;
    }

    /// <summary>Brings the series up to the connection's snapshot, each from the earliest time <paramref name="taken"/> says its market was written.</summary>
    public void Update(SqliteConnection connection, Dictionary<long, long> taken)
    {
        var now = RunLoader.Series(connection, runId);
        seriesOrder = [.. now.Select(s => s.Id)];
        foreach (var gone in series.Keys.Except(now.Select(s => s.Id), StringComparer.Ordinal).ToList())
        {
            series.Remove(gone);
        }

        foreach (var stored in now)
        {
            if (!series.TryGetValue(stored.Id, out var kept) || kept.Stored.Market is not { } market || stored.Market != market
                || stored.First != kept.Stored.First || stored.Last < kept.Stored.Last || stored.Symbol != kept.Stored.Symbol
                || stored.Timeframe != kept.Stored.Timeframe)
            {
                series[stored.Id] = new KeptSeries(stored, RunLoader.SeriesBars(connection, stored, long.MinValue));
                continue;
            }

            // From the earliest time the writer touched in its market, or else after its last bar read.
            var from = kept.Count == 0 ? long.MinValue : Writing.Bars.BarState.Ticks(kept[kept.Count - 1].TimeUtc) + 1;
            if (taken.TryGetValue(market, out var touchedFrom) && touchedFrom < from)
            {
                from = touchedFrom;
            }

            var keep = kept.Count;
            while (keep > 0 && Writing.Bars.BarState.Ticks(kept[keep - 1].TimeUtc) >= from)
            {
                keep--;
            }

            kept.Stored = stored;
            var read = RunLoader.SeriesBars(connection, stored, from);
            // Nothing new leaves the series as it is: an input given a view before may be given the same one.
            if (keep != kept.Count || read.Count != 0)
            {
                switch (kept.Replace(keep, read))
                {
                    case KeptSeries.Made.Copy:
                        Copies++;
                        break;
                    case KeptSeries.Made.Room:
                        Grown++;
                        break;
                }
            }
        }

        Count = series.Values.Sum(s => (long)s.Count);
    }

    /// <summary>
    /// A series as kept: its bars in time order, as first read (the loader's list), then in a <see cref="ChunkedList{T}"/>,
    /// made at the first reading that adds to them or changes them. What is lent to an input (<see cref="Lend"/>) reads
    /// the first bars as they were: nothing is ever written where it reads. A reading that changes bars an input reads
    /// writes them in a copy of their chunk and new chunks after it (<see cref="ChunkedList{T}.Truncate"/>); the chunks
    /// before stay shared with the inputs. A long series so never copies its whole array to add bars or to change its
    /// forming one (a backtest's readings did, megabytes of large objects each time, which only a full collection gives
    /// back).
    /// </summary>
    private sealed class KeptSeries(RunLoader.StoredSeries stored, List<Bar> bars)
    {
        // The bars as first read, until a reading adds to them or changes them; then the chunks.
        private List<Bar>? first = bars;
        private readonly ChunkedList<Bar> chunks = new();

        // How many of the bars as first read an input may read (the chunks keep their own count of what they lent).
        private int lent;
        // The last view lent: lent again while it covers the same bars.
        private IReadOnlyList<Bar>? view;

        public RunLoader.StoredSeries Stored { get; set; } = stored;

        public int Count => first?.Count ?? chunks.Count;

        public Bar this[int index] => first is { } list ? list[index] : chunks[index];

        /// <summary>The bars as they are now, read-only: the last ones lent while none was added or changed since.</summary>
        public IReadOnlyList<Bar> Lend()
        {
            if (first is { } list)
            {
                lent = list.Count;
                return list;
            }

            return view ??= chunks.Lend();
        }

        /// <summary>What <see cref="Replace"/> made: nothing (the same chunks), a copy (what changed was lent), room.</summary>
        public enum Made
        {
            Nothing,
            Copy,
            Room,
        }

        /// <summary>
        /// Keeps the first <paramref name="keep"/> bars and adds <paramref name="read"/> after them: in the chunks held when
        /// nothing lent reads past <paramref name="keep"/>, else in a copy of the chunk <paramref name="keep"/> falls in and
        /// new chunks after it; room is made as the bars need it (the first time, always: the list as first read is lent
        /// as it is, and the chunks are given room for half as many bars again). Says what it made, a copy before room.
        /// </summary>
        public Made Replace(int keep, List<Bar> read)
        {
            Made made;
            if (first is { } list)
            {
                // What was lent keeps the list; the chunks begin with a copy of what is kept of it.
                var needed = keep + read.Count;
                chunks.EnsureCapacity(needed > list.Count ? Math.Max(needed, list.Count + (list.Count / 2)) : list.Count);
                chunks.AddRange(CollectionsMarshal.AsSpan(list)[..keep]);
                (first, made) = (null, keep < lent ? Made.Copy : Made.Room);
            }
            else
            {
                made = chunks.Truncate(keep) ? Made.Copy : Made.Nothing;
            }

            if (chunks.AddRange(CollectionsMarshal.AsSpan(read)) && made == Made.Nothing)
            {
                made = Made.Room;
            }

            view = null;
            return made;
        }
    }
}
