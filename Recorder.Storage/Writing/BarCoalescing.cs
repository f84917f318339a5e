using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>Planning step: forming-bar updates collapse to the newest state of each bar within the batch.</summary>
internal static class BarCoalescing
{
    /// <summary>
    /// Decided among the bars that passed validation: a refused update (an unknown run, a series of another run) must
    /// not stand in for a valid one, or the valid state would be counted as coalesced and written nowhere.
    /// </summary>
    public static void Apply(BatchPlan plan)
    {
        var newest = new Dictionary<(string, DateTime), HotOp>();
        foreach (var op in plan.Hot)
        {
            if (op.Envelope.Event is BarRecorded bar)
            {
                newest[(bar.SeriesId, bar.OpenUtc)] = op;
            }
        }

        plan.Outcome.Coalesced += plan.Hot.RemoveAll(op =>
            op.Envelope.Event is BarRecorded bar && !ReferenceEquals(newest[(bar.SeriesId, bar.OpenUtc)], op));
    }
}
