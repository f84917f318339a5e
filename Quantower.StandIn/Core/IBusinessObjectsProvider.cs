namespace TradingPlatform.BusinessLayer;

public interface IBusinessObjectsProvider
{
    Order[] Orders { get; }

    Position[] Positions { get; }

    ClosedPosition[] ClosedPositions { get; }

    Account[] Accounts { get; }

    Symbol[] Symbols { get; }

    OrderType[] OrderTypes { get; }
}
