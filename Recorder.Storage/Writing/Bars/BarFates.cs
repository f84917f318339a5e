using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing.Bars;

/// <summary>
/// What a batch's states of one bar decide for each other, in arrival order (docs/decisions.md, 3 and 14): the newest by
/// the bar's own progress (<see cref="BarState"/>) is the one written, one that a newer state follows is coalesced, one
/// that comes after a newer one is a late copy, the same state again a duplicate. Kept from batch to batch (a batch's
/// arrays of thousands would be allocated anew each time) and reset for each.
/// </summary>
internal sealed class BarFates
{
    private BarFate[] fates = [];
    private BarState[] states = [];
    private readonly Dictionary<(string, string, DateTime), int> newest = new(BarKey.Instance);

    public BarFate this[int index] => fates[index];

    public void Reset(int count)
    {
        if (fates.Length < count)
        {
            fates = new BarFate[count];
            states = new BarState[count];
        }

        newest.Clear();
    }

    /// <summary>Decides for the bar at <paramref name="index"/>, given the batch's states of the same bar before it.</summary>
    public void Decide(BarRecorded bar, int index)
    {
        // A bar's run and series decide whether it is valid: a later state with the same ones is valid too.
        var key = (bar.RunId, bar.SeriesId, bar.OpenUtc);
        states[index] = BarState.Of(bar);
        if (!newest.TryGetValue(key, out var before))
        {
            newest[key] = index;
            fates[index] = BarFate.Newest;
            return;
        }

        var order = states[index].CompareProgress(states[before]);
        if (order > 0)
        {
            fates[before] = BarFate.Coalesced;
            newest[key] = index;
            fates[index] = BarFate.Newest;
            return;
        }

        fates[index] = order == 0 ? BarFate.Duplicate : BarFate.Late;
    }

    /// <summary>
    /// The newest states' comparer: a batch's bars of one series differ in their times, so the time and the series id's
    /// length spread them without hashing every character of every bar's ids (a tuple's default comparer does).
    /// </summary>
    private sealed class BarKey : IEqualityComparer<(string Run, string Series, DateTime Open)>
    {
        public static readonly BarKey Instance = new();

        public bool Equals((string Run, string Series, DateTime Open) x, (string Run, string Series, DateTime Open) y) =>
            x.Open == y.Open && string.Equals(x.Series, y.Series, StringComparison.Ordinal)
            && string.Equals(x.Run, y.Run, StringComparison.Ordinal);

        public int GetHashCode((string Run, string Series, DateTime Open) key) => HashCode.Combine(key.Open.Ticks, key.Series.Length);
    }
}
