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

    /// <summary>
    /// A fresh platform: the next <see cref="Core.Instance"/> is a new object with no connections, caches, strategies
    /// or subscribers.
    /// </summary>
    public static void Reset() => Core.ResetInstance();

    /// <summary>Everything the platform logged (handler errors included), oldest first.</summary>
    public static LoggerEvent[] PlatformLog => Core.Instance.Loggers.Entries;

    /// <summary>Exceptions thrown by subscribers of safely invoked events (Core, NewHistoryItem, managers), caught and logged.</summary>
    public static Exception[] HandlerErrors => Core.Instance.Loggers.HandlerErrors;

    /// <summary>Replaces the wall clock behind <see cref="TimeUtils.DateTimeUtcNow"/>.</summary>
    public static void SetClock(TimeProvider clock) => Core.Instance.TimeUtils.Clock = clock ?? TimeProvider.System;

    public static void SetSelectedTimeZone(TimeZoneInfo timeZone) =>
        Core.Instance.TimeUtils.SelectedTimeZone = new TimeZone(timeZone ?? TimeZoneInfo.Utc);

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

    public static StandInConnection CreateHistoryPlayer(string name = "Market Replay", bool connect = true) =>
        CreateConnection(name, ConnectionType.HistoryPlayer, MarketReplayVendor, connect);

    public static StandInConnection CreateTradingSimulator(string name = "Trading Simulator", bool connect = true) =>
        CreateConnection(name, ConnectionType.TradingSimulator, TradingSimulatorVendor, connect);

    /// <summary>The controls of a connection that already exists.</summary>
    public static StandInConnection For(Connection connection) => new(connection);
}
