namespace TradingPlatform.BusinessLayer;

public enum SeekOriginHistory
{
    Begin,
    End,
}
