using TradingPlatform.BusinessLayer.StandIn;

namespace TradingPlatform.BusinessLayer;

public class ClosedPosition : Position
{
    internal ClosedPosition(string connectionId)
        : base(connectionId)
    {
    }

    public double LastTradedPrice { get; private set; }

    /// <summary>A closed position cannot be closed: always an error.</summary>
    public override TradingOperationResult Close(double closeQuantity = -1.0) =>
        TradingOperationResult.CreateError("Closed position can't be closed");

    internal void Apply(ClosedPositionMessage m)
    {
        base.Apply(m);
        this.LastTradedPrice = m.LastTradedPrice ?? this.LastTradedPrice;
    }
}
