using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing.Bars;

/// <summary>
/// A bar's values at one moment and how far the bar had got (docs/decisions.md, 14): closed, or forming as of a time.
/// States of one bar are in one total order, its own progress: a closed state is newer than any forming one; of two
/// forming states the later one, of two closed ones (a copy with other content) the one with more volume; what is still
/// equal is decided by the values themselves, so the newest state never depends on the order copies arrive in.
/// </summary>
internal readonly record struct BarState(
    double Open, double High, double Low, double Close, double? Volume, string? VolumetricJson, long? FormingTicks)
{
    /// <summary>The bar's open time in the stored unit: 100-ns ticks since 1970-01-01 UTC (market_bars.ts).</summary>
    public static long Ticks(DateTime utc) => utc.Ticks - DateTime.UnixEpoch.Ticks;

    public static DateTime Time(long ticks) => new(ticks + DateTime.UnixEpoch.Ticks, DateTimeKind.Utc);

    public static BarState Of(BarRecorded b) => new(b.Open, b.High, b.Low, b.Close, b.Volume, b.VolumetricJson,
        b.IsClosed ? null : Ticks(Timestamps.ToUtc(b.EventUtc)));

    public bool IsClosed => FormingTicks is null;

    /// <summary>Whether two states show the same bar to a reader (the state's progress aside).</summary>
    public bool SameValues(in BarState other) =>
        Open.Equals(other.Open) && High.Equals(other.High) && Low.Equals(other.Low) && Close.Equals(other.Close)
        && Nullable.Equals(Volume, other.Volume) && string.Equals(VolumetricJson, other.VolumetricJson, StringComparison.Ordinal);

    /// <summary>Positive when this state is newer than <paramref name="other"/> by the bar's own progress, 0 when equal.</summary>
    public int CompareProgress(in BarState other)
    {
        if (IsClosed != other.IsClosed)
        {
            return IsClosed ? 1 : -1;
        }

        var order = Nullable.Compare(FormingTicks, other.FormingTicks);
        if (order == 0)
        {
            order = Nullable.Compare(Volume, other.Volume);
        }

        return order != 0 ? order : CompareValues(other);
    }

    private int CompareValues(in BarState other)
    {
        var order = Close.CompareTo(other.Close);
        order = order != 0 ? order : High.CompareTo(other.High);
        order = order != 0 ? order : other.Low.CompareTo(Low);
        order = order != 0 ? order : Open.CompareTo(other.Open);
        return order != 0 ? order : string.CompareOrdinal(VolumetricJson, other.VolumetricJson);
    }
}
