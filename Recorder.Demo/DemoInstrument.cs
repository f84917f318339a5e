using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Demo;

/// <summary>
/// What the demo trades: its contract facts as the platform's symbol gives them, how the broker charges for a fill
/// (a share of the notional, as a crypto venue does, or a fixed amount per contract, as a futures broker does), how its
/// synthetic market moves (<see cref="StartPrice"/>, <see cref="HourlyVolatility"/>, and how strongly it trends,
/// <see cref="TrendShare"/>: the largest hourly drift of its swings as a share of its hourly volatility), and the
/// account that trades it. The account is sized for the strategy's two units as a trader sizes one: a quarter to
/// two thirds of its value in the market, so that a day's move of the market is a fraction of a percent of the
/// account, not several percent.
/// </summary>
internal sealed record DemoInstrument(string Symbol, string Exchange, SymbolType Type, double TickSize, double TickValue,
    string Currency, DateTime? ExpirationUtc, double FeeRate, double FeePerContract, double StartPrice, double HourlyVolatility,
    double TrendShare, double AccountBalance)
{
    /// <summary>Money per 1.0 of price per contract.</summary>
    public double PointValue => TickValue / TickSize;

    /// <summary>
    /// Spot bitcoin quoted in dollars: a tick of 0.5 is worth 0.5 (point value 1); 2 basis points of the notional. From
    /// 60,000, moving 0.35 % an hour (about 1.7 % a day); two bitcoins (120,000) on an account of 500,000.
    /// </summary>
    public static DemoInstrument Bitcoin { get; } = new("BTCUSDT", "Demo exchange", SymbolType.Crypto, 0.5, 0.5, "USD", null, 0.0002, 0,
        StartPrice: 60_000, HourlyVolatility: 0.0035, TrendShare: 0.32, AccountBalance: 500_000);

    /// <summary>
    /// An E-mini S&amp;P 500 future (June 2026): tick 0.25 worth 12.50 (point value 50); 2.25 per contract per side. From
    /// 6,000, moving 0.2 % an hour (about 1 % a day); two contracts (600,000 of index) on an account of 1,000,000.
    /// </summary>
    public static DemoInstrument IndexFuture { get; } = new("ESM6", "CME", SymbolType.Futures, 0.25, 12.5, "USD",
        new DateTime(2026, 6, 19, 13, 30, 0, DateTimeKind.Utc), 0, 2.25, StartPrice: 6_000, HourlyVolatility: 0.002, TrendShare: 0.2,
        AccountBalance: 1_000_000);

    public double Fee(double price, double quantity) => Math.Round((FeeRate * price * quantity * PointValue) + (FeePerContract * quantity), 2);
}
