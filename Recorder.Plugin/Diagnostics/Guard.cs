namespace QuantowerRecorder.Plugin.Diagnostics;

/// <summary>
/// Runs a platform callback so that no exception ever goes back into Quantower: a plain-delegate event
/// (Order.Updated, HistoryItemUpdated) would otherwise stop the rest of the platform's message processing.
/// </summary>
internal static class Guard
{
    public static void Run(ProblemLog problems, string where, Action action) => Run(problems, where, null, action, static action => action());

    /// <summary>
    /// The same for a handler the platform calls on every tick or order event: <paramref name="action"/> a static lambda
    /// given its <paramref name="state"/>, so that the platform's thread allocates nothing for the guard itself.
    /// </summary>
    public static void Run<TState>(ProblemLog problems, string where, TState state, Action<TState> action) => Run(problems, where, null, state, action);

    /// <summary>The same, the place named "<paramref name="where"/> <paramref name="detail"/>" only if it fails.</summary>
    public static void Run<TState>(ProblemLog problems, string where, string? detail, TState state, Action<TState> action)
    {
        try
        {
            action(state);
        }
        catch (Exception e)
        {
            problems.Report(detail is null ? where : where + " " + detail, e);
        }
    }
}
