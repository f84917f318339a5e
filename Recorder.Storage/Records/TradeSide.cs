namespace QuantowerRecorder.Storage.Records;

/// <summary>Side of an order or a fill; stored as BUY or SELL.</summary>
public enum TradeSide
{
    /// <summary>Buy.</summary>
    Buy,

    /// <summary>Sell.</summary>
    Sell,
}
