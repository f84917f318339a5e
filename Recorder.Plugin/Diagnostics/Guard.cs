namespace QuantowerRecorder.Plugin.Diagnostics;

/// <summary>
/// Runs a platform callback so that no exception ever goes back into Quantower: a plain-delegate event
/// (Order.Updated, HistoryItemUpdated) would otherwise stop the rest of the platform's message processing.
/// </summary>
internal static class Guard
{
    public static void Run(ProblemLog problems, string where, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            problems.Report(where, e);
        }
    }
}
