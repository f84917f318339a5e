using System.Reflection;
using QuantowerRecorder.Plugin.Platform;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>
/// Builds a run's definition from a strategy's snapshot and the account, symbol and timeframe it trades.
/// </summary>
/// <remarks>
/// The instance (parameter set) is identified by the strategy, its input parameters, symbol and timeframe, and not by
/// the account: a backtest runs on the backtester's account, and it must be the same instance as the live run of the
/// same parameters so the two can be compared. Account-typed inputs are left out of the parameters for the same
/// reason; the account of every order and fill is recorded on its row, and the run's account in its fingerprint.
/// </remarks>
internal static class Definitions
{
    public static RunDefinition For(StrategySnapshot snapshot, Assembly code, Account? account, Symbol? symbol, Period? timeframe,
        string? terminalName = null, StudyLabel? study = null)
    {
        var connection = account?.Connection ?? symbol?.Connection;
        var symbolName = Formats.Symbol(symbol);
        var balance = account?.Balance;
        return new RunDefinition
        {
            StrategyName = snapshot.Name,
            StrategyVersion = snapshot.Version,
            SourceRef = code.GetName().Name,
            InstanceName = string.IsNullOrWhiteSpace(snapshot.InstanceName) ? null : snapshot.InstanceName,
            Parameters = snapshot.Parameters,
            Symbols = symbolName is null ? [] : [symbolName],
            Timeframe = Formats.Timeframe(timeframe),
            Venue = symbol?.Exchange?.ExchangeName ?? connection?.VendorName,
            Source = RunTypes.From(connection),
            DataSource = connection?.Name,
            InitialBalance = balance is { } b && double.IsFinite(b) ? b : null,
            BaseCurrency = Formats.Currency(account?.AccountCurrency),
            EngineVersion = Fingerprint.QuantowerVersion() is { } v ? "Quantower " + v : null,
            FingerprintJson = Fingerprint.Of(code, Formats.Account(account), connection?.Name, study),
            SourceTerminal = string.IsNullOrWhiteSpace(terminalName) ? Environment.MachineName : terminalName.Trim(),
        };
    }
}
