namespace TradingPlatform.BusinessLayer;

public class PnL
{
    public PnLItem GrossPnL { get; set; }

    public PnLItem NetPnL { get; set; }

    public PnLItem Fee { get; set; }

    public PnLItem Swaps { get; set; }
}
