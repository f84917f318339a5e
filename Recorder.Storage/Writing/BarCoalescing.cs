using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>Planning step: forming-bar updates collapse to the newest state of each bar within the batch.</summary>
internal static class BarCoalescing
{
    /// <summary>
    /// Decided among the bars that passed validation: a refused update (an unknown run, a series of another run) must
    /// not stand in for a valid one, or the valid state would be counted as coalesced and written nowhere.
    /// </summary>
    /// <param name="plan">The batch's plan; its superseded bar updates are removed.</param>
    /// <param name="newest">A map the caller keeps from batch to batch (emptied here), so no batch allocates its own.</param>
    public static void Apply(BatchPlan plan, Dictionary<(string, DateTime), int> newest)
    {
        newest.Clear();
        var superseded = 0;
        foreach (var op in plan.Hot)
        {
            if (op.Envelope.Event is BarRecorded bar)
            {
                // The op's place in the raw log identifies it; a later update of the same bar replaces the earlier.
                if (newest.TryAdd((bar.SeriesId, bar.OpenUtc), op.Index))
                {
                    continue;
                }

                newest[(bar.SeriesId, bar.OpenUtc)] = op.Index;
                superseded++;
            }
        }

        if (superseded > 0)
        {
            plan.Outcome.Coalesced += plan.Hot.RemoveAll(op =>
                op.Envelope.Event is BarRecorded bar && newest[(bar.SeriesId, bar.OpenUtc)] != op.Index);
        }
    }

    /// <summary>
    /// The map's comparer: a batch's bars of one series differ in their times, so the time and the id's length spread
    /// them without hashing every character of every bar's series id (a tuple's default comparer does).
    /// </summary>
    public sealed class KeyComparer : IEqualityComparer<(string Series, DateTime Open)>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals((string Series, DateTime Open) x, (string Series, DateTime Open) y) =>
            x.Open == y.Open && string.Equals(x.Series, y.Series, StringComparison.Ordinal);

        public int GetHashCode((string Series, DateTime Open) key) => HashCode.Combine(key.Open.Ticks, key.Series.Length);
    }
}
