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

    /// <summary>
    /// The same for a handler the platform calls on every tick or order event: <paramref name="action"/> a static lambda
    /// given its <paramref name="state"/>, so that the platform's thread allocates nothing for the guard itself.
    /// </summary>
    public static void Run<TState>(ProblemLog problems, string where, TState state, Action<TState> action)
    {
        try
        {
            action(state);
        }
        catch (Exception e)
        {
            problems.Report(where, e);
        }
    }

    /// <summary>The same, the place named "<paramref name="where"/> <paramref name="detail"/>" only if it fails.</summary>
    public static void Run<TState>(ProblemLog problems, string where, string? detail, TState state, Action<TState> action)
    {
        try
        {
            action(state);
        }
        catch (Exception e)
        {
            problems.Report(where + " " + detail, e);
        }
    }
}
