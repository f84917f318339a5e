using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Demo;

/// <summary>
/// What the demo trades: its contract facts as the platform's symbol gives them, and how the broker charges for a fill
/// (a share of the notional, as a crypto venue does, or a fixed amount per contract, as a futures broker does).
/// </summary>
internal sealed record DemoInstrument(string Symbol, string Exchange, SymbolType Type, double TickSize, double TickValue,
    string Currency, DateTime? ExpirationUtc, double FeeRate, double FeePerContract)
{
    /// <summary>Money per 1.0 of price per contract.</summary>
    public double PointValue => TickValue / TickSize;

    /// <summary>Spot bitcoin quoted in dollars: a tick of 0.5 is worth 0.5 (point value 1); 2 basis points of the notional.</summary>
    public static DemoInstrument Bitcoin { get; } = new("BTCUSDT", "Demo exchange", SymbolType.Crypto, 0.5, 0.5, "USD", null, 0.0002, 0);

    /// <summary>An E-mini S&amp;P 500 future (June 2026): tick 0.25 worth 12.50 (point value 50); 2.25 per contract per side.</summary>
    public static DemoInstrument IndexFuture { get; } = new("ESM6", "CME", SymbolType.Futures, 0.25, 12.5, "USD",
        new DateTime(2026, 6, 19, 13, 30, 0, DateTimeKind.Utc), 0, 2.25);

    public double Fee(double price, double quantity) => Math.Round((FeeRate * price * quantity * PointValue) + (FeePerContract * quantity), 2);
}
