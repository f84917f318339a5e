using System.Globalization;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Diagnostics;

/// <summary>
/// Where the recorder's problems go: the strategy's log (when it gave us its Log method) and a count for its metrics.
/// Never throws; a flood of the same failure is logged sparsely so the trader's log stays readable.
/// </summary>
internal sealed class ProblemLog
{
    private const int LoggedInFull = 20;
    private readonly Action<string, StrategyLoggingLevel>? sink;
    private long count;
    private string? last;

    public ProblemLog(Action<string, StrategyLoggingLevel>? sink) => this.sink = sink;

    public long Count => Interlocked.Read(ref count);

    public string? Last => Volatile.Read(ref last);

    public void Info(string message) => Write("Recorder: " + message, StrategyLoggingLevel.Info);

    /// <summary>
    /// Something about the trading the trader must see (the drift alarm): at the platform's Error level, the only one
    /// it sets apart, but not counted as a recorder problem.
    /// </summary>
    public void Warn(string message) => Write("Recorder warning: " + message, StrategyLoggingLevel.Error);

    public void Report(string where, Exception error) => Report(where + ": " + error.GetType().Name + ": " + error.Message);

    public void Report(string message)
    {
        var n = Interlocked.Increment(ref count);
        Volatile.Write(ref last, message);
        if (n <= LoggedInFull || n % 1000 == 0)
        {
            var suffix = n == LoggedInFull ? " (further problems are counted in the metrics and logged every 1000th)" : string.Empty;
            Write(string.Create(CultureInfo.InvariantCulture, $"Recorder problem #{n}: {message}{suffix}"), StrategyLoggingLevel.Error);
        }
    }

    private void Write(string message, StrategyLoggingLevel level)
    {
        try
        {
            sink?.Invoke(message, level);
        }
        catch (Exception)
        {
            // The log itself failed: nothing else can be told, and nothing may reach the platform.
        }
    }
}
