using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// A run's bar series as <see cref="RunFacts"/> keeps them between readings, in the loader's order: a series is read
/// again from the earliest time the writer said it wrote in its market, or from after its last bar, and keeps what
/// comes before; one whose market, first bar, symbol or timeframe changed is read whole. An input is lent a view of the
/// kept bars (<see cref="KeptSeries"/>): a later reading that only adds bars after it writes them beside it, in the same
/// array; one that changes what a view holds gives the series a new array and leaves the old one to the views.
/// </summary>
internal sealed class KeptBars(string runId)
{
    private readonly Dictionary<string, KeptSeries> series = new(StringComparer.Ordinal);
    private List<string> seriesOrder = [];

    /// <summary>Bars kept, over every series, as of the last reading.</summary>
    public long Count { get; private set; }

    /// <summary>
    /// Arrays made so far because a reading changed bars a lent view reads (tests: bars only added after it make none).
    /// </summary>
    internal int Copies { get; private set; }

    /// <summary>Arrays made so far to make room for more bars, each half as large again as the last (tests).</summary>
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
    /// A series as kept: its bars in time order, as first read (the loader's list), then the first <see cref="Count"/> of
    /// an array with room to grow, made at the first reading that adds to them or changes them. What is lent to an input
    /// (<see cref="Lend"/>) reads the first bars as they were: nothing is ever written where it reads.
    /// </summary>
    private sealed class KeptSeries(RunLoader.StoredSeries stored, List<Bar> bars)
    {
        // The bars as first read, until a reading adds to them or changes them; then the array.
        private List<Bar>? first = bars;
        private Bar[] items = [];

        // How many of the first bars an input reads: a reading may write after them, never over them.
        private int lent;
        // The last view lent (an ArraySegment, boxed once): lent again while it covers the same bars.
        private IReadOnlyList<Bar>? view;

        public RunLoader.StoredSeries Stored { get; set; } = stored;

        public int Count { get; private set; } = bars.Count;

        public Bar this[int index] => first is { } list ? list[index] : items[index];

        /// <summary>The bars as they are now, read-only: the last ones lent while none was added or changed since.</summary>
        public IReadOnlyList<Bar> Lend()
        {
            lent = Math.Max(lent, Count);
            if (first is { } list)
            {
                return list;
            }

            if (view is not ArraySegment<Bar> last || last.Array != items || last.Count != Count)
            {
                view = new ArraySegment<Bar>(items, 0, Count);
            }

            return view;
        }

        /// <summary>What <see cref="Replace"/> made: nothing (the same array), a copy (what changed was lent), room.</summary>
        public enum Made
        {
            Nothing,
            Copy,
            Room,
        }

        /// <summary>
        /// Keeps the first <paramref name="keep"/> bars and adds <paramref name="read"/> after them: in the same array when
        /// nothing lent reads past <paramref name="keep"/> and there is room, else in a new one, with room to grow when it
        /// had none (the first time, always: the list as first read is lent as it is).
        /// </summary>
        public Made Replace(int keep, List<Bar> read)
        {
            var needed = keep + read.Count;
            var kept = first is { } list ? CollectionsMarshal.AsSpan(list) : items;
            var made = keep < lent ? Made.Copy : first is not null || needed > items.Length ? Made.Room : Made.Nothing;
            if (made != Made.Nothing)
            {
                // What was lent keeps the old list or array; no reading writes it again.
                var grown = new Bar[needed > kept.Length ? Math.Max(needed, kept.Length + (kept.Length / 2)) : kept.Length];
                kept[..keep].CopyTo(grown);
                (items, first, lent) = (grown, null, 0);
            }

            read.CopyTo(items, keep);
            Count = needed;
            return made;
        }
    }
}
