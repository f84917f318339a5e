namespace TradingPlatform.BusinessLayer;

[Flags]
public enum LoggingLevel
{
    System = 1,
    Error = 2,
    Trading = 4,
    Verbose = 8,
    Quotes = 16,
    Painting = 32,
    Performance = 64,
}
