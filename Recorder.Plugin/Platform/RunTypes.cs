using QuantowerRecorder.Storage.Records;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Platform;

/// <summary>The run type of a connection (quantower-api.md §3): the host's modules set <see cref="Connection.Type"/>.</summary>
internal static class RunTypes
{
    // The vendor names the platform itself treats as simulated.
    private static readonly string[] SimulatedVendors = ["Emulator", "Market Replay", "Trading Simulator"];

    public static RunSource From(Connection? connection) => connection?.Type switch
    {
        null => RunSource.Live,
        ConnectionType.Backtester => RunSource.Backtest,
        ConnectionType.HistoryPlayer => RunSource.Replay,
        ConnectionType.TradingSimulator => RunSource.Paper,
        _ => IsSimulatedVendor(connection?.VendorName) ? RunSource.Paper : RunSource.Live,
    };

    private static bool IsSimulatedVendor(string? vendorName) =>
        vendorName is not null && SimulatedVendors.Contains(vendorName, StringComparer.OrdinalIgnoreCase);
}
