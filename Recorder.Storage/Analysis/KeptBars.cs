using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// A run's bar series as <see cref="RunFacts"/> keeps them between readings, in the loader's order: a series is read
/// again from the earliest time the writer said it wrote in its market, or from after its last bar, and keeps what
/// comes before; one whose market, first bar, symbol or timeframe changed is read whole. An input is lent the kept
/// lists; a later reading that changes one changes a copy (<see cref="KeptSeries"/>).
/// </summary>
internal sealed class KeptBars(string runId)
{
    private readonly Dictionary<string, KeptSeries> series = new(StringComparer.Ordinal);
    private List<string> seriesOrder = [];

    /// <summary>Bars kept, over every series, as of the last reading.</summary>
    public long Count { get; private set; }

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
            var from = kept.Bars.Count == 0 ? long.MinValue : Writing.Bars.BarState.Ticks(kept.Bars[^1].TimeUtc) + 1;
            if (taken.TryGetValue(market, out var touchedFrom) && touchedFrom < from)
            {
                from = touchedFrom;
            }

            var keep = kept.Bars.Count;
            while (keep > 0 && Writing.Bars.BarState.Ticks(kept.Bars[keep - 1].TimeUtc) >= from)
            {
                keep--;
            }

            var read = RunLoader.SeriesBars(connection, stored, from);
            if (keep == kept.Bars.Count && read.Count == 0)
            {
                // Nothing new: an input given the list before may still hold it, unchanged.
                series[stored.Id] = kept with { Stored = stored };
                continue;
            }

            var bars = kept.Changeable(keep, read.Count);
            bars.AddRange(read);
            series[stored.Id] = new KeptSeries(stored, bars);
        }

        Count = series.Values.Sum(s => (long)s.Bars.Count);
    }

    /// <summary>
    /// A series as kept, with its bars in time order. <see cref="Lend"/> gives the list itself to an input; once lent,
    /// <see cref="Changeable"/> gives a copy, so an input handed out never sees a later reading's change.
    /// </summary>
    private sealed record KeptSeries(RunLoader.StoredSeries Stored, List<Bar> Bars)
    {
        private bool lent;

        public IReadOnlyList<Bar> Lend()
        {
            lent = true;
            return Bars;
        }

        /// <summary>
        /// The first <paramref name="keep"/> bars, with room for <paramref name="more"/>: the list itself, else (lent) a copy
        /// made once at its size, not copied again as it grows (a long run's list is a large object).
        /// </summary>
        public List<Bar> Changeable(int keep, int more)
        {
            if (!lent)
            {
                Bars.RemoveRange(keep, Bars.Count - keep);
                return Bars;
            }

            var copy = new List<Bar>(keep + more);
            copy.AddRange(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Bars)[..keep]);
            return copy;
        }
    }
}
