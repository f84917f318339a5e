namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>
/// Test controls: play the platform around the mirrored API. Not part of Quantower's API; the plugin must never use
/// anything in this namespace, so that it compiles unchanged against the real TradingPlatform.BusinessLayer.
/// </summary>
public static class StandInPlatform
{
    /// <summary>Vendor names the platform treats as simulated.</summary>
    public const string EmulatorVendor = "Emulator";

    public const string MarketReplayVendor = "Market Replay";

    public const string TradingSimulatorVendor = "Trading Simulator";

    /// <summary>How long a waiting control waits for the platform unless told otherwise.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A fresh platform: the next <see cref="Core.Instance"/> is a new object with no connections, caches, strategies
    /// or subscribers. The old connections' queues are closed (their threads end once what was queued is processed).
    /// </summary>
    public static void Reset() => Core.ResetInstance();

    /// <summary>
    /// Waits until every connection's queue is idle at once (a handler on one connection can queue messages on
    /// another); throws <see cref="TimeoutException"/> after <paramref name="timeout"/> (default <see cref="DefaultWait"/>).
    /// </summary>
    public static void WaitForIdle(TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultWait;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            foreach (var connection in Core.Instance.Connections.All)
            {
                var left = deadline - DateTime.UtcNow;
                if (left < TimeSpan.Zero || !connection.Queue.WaitForIdle(left))
                {
                    throw new TimeoutException($"Connection '{connection.Name}' was still busy after {limit}.");
                }
            }

            if (Core.Instance.Connections.All.All(c => c.Queue.IsIdle))
            {
                return;
            }
        }
    }

    /// <summary>Everything the platform logged (handler errors included), oldest first.</summary>
    public static LoggerEvent[] PlatformLog => Core.Instance.Loggers.Entries;

    /// <summary>Exceptions thrown by subscribers of safely invoked events (Core, NewHistoryItem, managers), caught and logged.</summary>
    public static Exception[] HandlerErrors => Core.Instance.Loggers.HandlerErrors;

    /// <summary>
    /// Pins the wall clock behind <see cref="TimeUtils.DateTimeUtcNow"/> (for deterministic tests). It stays a wall
    /// clock: simulated time lives only on a simulated connection's vendor objects (<see cref="StandInConnection.SetServerTime"/>,
    /// quote, trade, order and bar times), as in the platform.
    /// </summary>
    public static void SetClock(TimeProvider clock) => Core.Instance.TimeUtils.Clock = clock ?? TimeProvider.System;

    /// <summary>
    /// Adds a connection (raising ConnectionAdded) of the given type and, unless <paramref name="connect"/> is false,
    /// connects it. The platform's simulator, replay and backtester modules are what set a type other than General.
    /// </summary>
    public static StandInConnection CreateConnection(
        string name = "StandIn",
        ConnectionType type = ConnectionType.General,
        string vendorName = "StandIn Vendor",
        bool connect = true,
        string id = null)
    {
        var manager = Core.Instance.Connections;
        var connection = new Connection(manager, id ?? name, name, vendorName, group: vendorName) { Type = type };
        manager.Add(connection);
        var control = new StandInConnection(connection);
        if (connect)
        {
            control.Connect();
        }

        return control;
    }

    public static StandInConnection CreateBacktester(string name = "Backtester", bool connect = true) =>
        CreateConnection(name, ConnectionType.Backtester, EmulatorVendor, connect);

    public static StandInConnection CreateTradingSimulator(string name = "Trading Simulator", bool connect = true) =>
        CreateConnection(name, ConnectionType.TradingSimulator, TradingSimulatorVendor, connect);

    /// <summary>The controls of a connection that already exists.</summary>
    public static StandInConnection For(Connection connection) => new(connection);
}
