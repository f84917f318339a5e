using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QuantowerRecorder.Storage.Writing.Bars;

/// <summary>
/// The market bars the writer knows as the file holds them, kept from batch to batch: every bar read or written, while
/// they take less than <see cref="KnownBytes"/> (a bar written again is updated whatever the size). An optimisation's
/// passes and a backtest run again walk the bars the first pass stored; each is then found here instead of read back from
/// SQLite. Only a copy of committed rows: forgotten after a rollback (<see cref="Forget"/>), and at a batch's start when
/// another connection committed since the last one (<see cref="BeginBatch"/>: its data_version moved), as another
/// process's run may have moved a bar.
/// </summary>
internal sealed partial class BarStore
{
    private readonly Dictionary<(long Market, long Ts), BarState> knownBars = [];
    private long knownBytes;
    private long? knownVersion;

    /// <summary>How much the known market bars may take (estimated: <see cref="KnownSize"/>).</summary>
    internal const long KnownBytes = 4L * 1024 * 1024;

    /// <summary>
    /// Known bars at which the dictionary is given room for as many as <see cref="KnownBytes"/> may hold, at once: grown
    /// by doubling up to there, it left about as much again in arrays behind (large objects, which only a full
    /// collection gives back), in every file a long run writes.
    /// </summary>
    internal const int KnownRoomAt = 2_048;

    /// <summary>How many market bars it knows from earlier batches and this one (tests).</summary>
    internal int Known => knownBars.Count;

    /// <summary>
    /// At a batch's start, in its write transaction: what it knew of the market bars is forgotten if another connection
    /// committed since the last batch began (the connection's data_version does not move for its own commits).
    /// </summary>
    public void BeginBatch()
    {
        var version = connection.Scalar("PRAGMA data_version;") as long?;
        if (version is null || version != knownVersion)
        {
            ForgetKnown();
        }

        knownVersion = version;
    }

    // A market bar as the file holds it now; one it knew is replaced whatever the size, a new one kept while there is room.
    private BarState Know(long market, long ts, in BarState bar)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(knownBars, (market, ts));
        if (!Unsafe.IsNullRef(ref entry))
        {
            knownBytes += KnownSize(bar) - KnownSize(entry);
            entry = bar;
        }
        else if (knownBytes + KnownSize(bar) <= KnownBytes)
        {
            if (knownBars.Count == KnownRoomAt)
            {
                knownBars.EnsureCapacity((int)(KnownBytes / KnownSize(default)));
            }

            knownBars.Add((market, ts), bar);
            knownBytes += KnownSize(bar);
        }

        return bar;
    }

    private void ForgetKnown()
    {
        knownBars.Clear();
        knownBytes = 0;
    }

    // What a known bar takes: its entry (key, state, the dictionary's own) and its volumetric text's characters.
    private static long KnownSize(in BarState bar) => 96 + (2L * (bar.VolumetricJson?.Length ?? 0));
}
