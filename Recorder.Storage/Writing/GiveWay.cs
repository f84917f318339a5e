using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// What gives way when the queue's memory budget is spent (docs/events.md, "When the file cannot be written"):
/// forming-bar updates and progress reports first (from three quarters of the budget: only their newest state
/// matters), then closed bars (at the budget), and trading events never — orders, fills, OCO, instruments,
/// definitions and run lifecycle are spilled to the journal instead.
/// </summary>
internal static class GiveWay
{
    public const string FormingBar = "forming bar";
    public const string ClosedBar = "closed bar";
    public const string Progress = "progress";

    /// <summary>The kind under which the event is refused at this fill of the queue, or null if it is kept.</summary>
    public static string? Refuse(RecorderEvent e, long queuedBytes, long budget) => e switch
    {
        BarRecorded { IsClosed: false } when queuedBytes > budget / 4 * 3 => FormingBar,
        RunProgress when queuedBytes > budget / 4 * 3 => Progress,
        BarRecorded when queuedBytes > budget => ClosedBar,
        _ => null,
    };

    /// <summary>
    /// Whether the count of a kind that gave way is said in the log: at the 1st, 10th, 100th… so a long episode stays
    /// readable; the rest costs the producer one division loop.
    /// </summary>
    public static bool WorthSaying(long count)
    {
        while (count >= 10 && count % 10 == 0)
        {
            count /= 10;
        }

        return count == 1;
    }
}
