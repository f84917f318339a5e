namespace QuantowerRecorder.Storage.Writing.Bars;

/// <summary>
/// A series as the writer knows it: its market and its stretch of time, from its first to its last bar (null before its
/// first bar); the times in it that it did not see are in series_unseen.
/// </summary>
internal sealed class SeriesBars(string id, long market, long? first, long? last)
{
    public string Id { get; } = id;

    public long Market { get; } = market;

    public long? First { get; private set; } = first;

    public long? Last { get; private set; } = last;

    /// <summary>Its stretch grew since it was last written to run_series.</summary>
    public bool Moved { get; set; }

    /// <summary>It has times in its stretch it did not see (series_unseen), or may have: only then are they looked up.</summary>
    public bool HasUnseen { get; set; }

    public bool Covers(long ts) => ts >= First && ts <= Last;

    public void Extend(long ts)
    {
        if (First is not { } first || ts < first)
        {
            First = ts;
            Moved = true;
        }

        if (Last is not { } last || ts > last)
        {
            Last = ts;
            Moved = true;
        }
    }
}
