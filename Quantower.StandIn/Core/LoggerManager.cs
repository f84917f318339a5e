namespace TradingPlatform.BusinessLayer;

/// <summary>
/// The platform's log (<see cref="Core.Loggers"/>). No public members are mirrored; the stand-in keeps the entries in
/// memory so tests can read what the platform logged (see <c>StandInPlatform.PlatformLog</c>).
/// </summary>
public sealed class LoggerManager
{
    private readonly object sync = new();
    private readonly List<LoggerEvent> entries = [];
    private readonly List<Exception> handlerErrors = [];

    internal LoggerManager()
    {
    }

    internal void Log(string message, LoggingLevel level = LoggingLevel.System)
    {
        var entry = new LoggerEvent { Type = level, Date = DateTime.UtcNow, Event = message };
        lock (this.sync)
        {
            this.entries.Add(entry);
        }
    }

    /// <summary>An exception a subscriber threw while the platform invoked it safely.</summary>
    internal void LogHandlerError(Delegate handler, Exception error)
    {
        lock (this.sync)
        {
            this.handlerErrors.Add(error);
        }

        this.Log($"Error in handler {handler.Method.DeclaringType?.FullName}.{handler.Method.Name}: {error}", LoggingLevel.Error);
    }

    internal LoggerEvent[] Entries
    {
        get
        {
            lock (this.sync)
            {
                return [.. this.entries];
            }
        }
    }

    internal Exception[] HandlerErrors
    {
        get
        {
            lock (this.sync)
            {
                return [.. this.handlerErrors];
            }
        }
    }
}
