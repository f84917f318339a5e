namespace TradingPlatform.BusinessLayer;

public enum SymbolType
{
    Unknown,
    Forex,
    Equities,
    CFD,
    Indexes,
    Futures,
    Options,
    ETF,
    Crypto,
    Synthetic,
    Spot,
    Forward,
    FixedIncome,
    Warrants,
    Debentures,
    Bond,
    Swap,
}
