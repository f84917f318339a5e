namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>
/// What the platform does with each vendor message, in its order. Every method runs inside a message of the
/// connection's <see cref="ConnectionQueue"/> (its own thread), one at a time. A plain-delegate handler's exception
/// (Order.Updated, Position.Updated, Account.Updated) leaves the processing, so the rest of that message is not
/// handled (for example OrderAdded is not raised); the queue logs it.
/// </summary>
internal sealed class MessageProcessor
{
    private readonly Connection connection;

    internal MessageProcessor(Connection connection)
    {
        this.connection = connection;
    }

    private Core Core => this.connection.Manager.Core;

    private ConnectionCache Cache => this.connection.Cache;

    /// <summary>New order: cached, then <c>OrderAdded</c>. Existing: fields → <c>Order.Updated</c> → <c>OrderAdded</c>.</summary>
    internal Order Order(OrderMessage message)
    {
        var order = this.Cache.FindOrder(message.OrderId);
        if (order == null)
        {
            order = new Order(this.connection.Id);
            order.Apply(message);
            this.Cache.Add(order);
        }
        else
        {
            order.Apply(message);
            order.RaiseUpdated();
        }

        this.Core.Loggers.Log("Order update. " + order, LoggingLevel.Trading);
        this.Core.RaiseOrderAdded(order);
        return order;
    }

    /// <summary>Removed from the cache first, then <see cref="BusinessObjectState.Fake"/>, then <c>OrderRemoved</c>.</summary>
    internal Order RemoveOrder(string orderId)
    {
        var order = this.Cache.FindOrder(orderId);
        if (order == null || !this.Cache.Remove(order))
        {
            return null;
        }

        order.State = BusinessObjectState.Fake;
        this.Core.RaiseOrderRemoved(order);
        return order;
    }

    /// <summary>A new, uncached <see cref="Trade"/> per message.</summary>
    internal Trade Trade(TradeMessage message)
    {
        var trade = new Trade(this.connection.Id);
        trade.Apply(message);
        this.Cache.Add(trade);
        this.Core.RaiseTradeAdded(trade);
        return trade;
    }

    /// <summary>A new <see cref="OrderHistory"/> snapshot per message.</summary>
    internal OrderHistory OrderHistory(OrderMessage message)
    {
        var history = new OrderHistory(this.connection.Id);
        history.Apply(message);
        this.Cache.Add(history);
        this.Core.RaiseOrdersHistoryAdded(history);
        return history;
    }

    /// <summary>New position: cached, then <c>PositionAdded</c>. Existing: fields → <c>Position.Updated</c> → <c>PositionAdded</c>.</summary>
    internal Position Position(PositionMessage message)
    {
        var position = this.Cache.FindPosition(message.PositionId);
        if (position == null)
        {
            position = new Position(this.connection.Id);
            position.Apply(message);
            this.Cache.Add(position);
        }
        else
        {
            position.Apply(message);
            position.RaiseUpdated();
        }

        this.Core.RaisePositionAdded(position);
        return position;
    }

    internal Position RemovePosition(string positionId)
    {
        var position = this.Cache.FindPosition(positionId);
        if (position == null || !this.Cache.Remove(position))
        {
            return null;
        }

        position.State = BusinessObjectState.Fake;
        this.Core.RaisePositionRemoved(position);
        return position;
    }

    /// <summary><c>ClosedPositionAdded</c> fires for every closed-position message.</summary>
    internal ClosedPosition ClosedPosition(ClosedPositionMessage message)
    {
        var closed = this.Cache.FindClosedPosition(message.PositionId);
        if (closed == null)
        {
            closed = new ClosedPosition(this.connection.Id);
            closed.Apply(message);
            this.Cache.Add(closed);
        }
        else
        {
            closed.Apply(message);
            closed.RaiseUpdated();
        }

        this.Core.RaiseClosedPositionAdded(closed);
        return closed;
    }

    internal ClosedPosition RemoveClosedPosition(string positionId)
    {
        var closed = this.Cache.FindClosedPosition(positionId);
        if (closed == null || !this.Cache.Remove(closed))
        {
            return null;
        }

        closed.State = BusinessObjectState.Fake;
        this.Core.RaiseClosedPositionRemoved(closed);
        return closed;
    }

    /// <summary>New account: <c>AccountAdded</c>. Existing: fields → <c>Account.Updated</c>.</summary>
    internal Account Account(AccountMessage message)
    {
        var account = this.Cache.FindAccount(message.AccountId);
        if (account != null)
        {
            account.Apply(message);
            account.RaiseUpdated();
            return account;
        }

        account = new Account(this.connection.Id);
        account.Apply(message);
        this.Cache.Add(account);
        this.Core.RaiseAccountAdded(account);
        return account;
    }

    internal Symbol Symbol(SymbolMessage message)
    {
        var symbol = this.Cache.FindSymbol(message.SymbolId);
        if (symbol != null)
        {
            symbol.Apply(message);
            return symbol;
        }

        symbol = new Symbol(this.connection.Id);
        symbol.Apply(message);
        this.Cache.Add(symbol);
        this.Core.RaiseSymbolAdded(symbol);
        return symbol;
    }

    /// <summary>
    /// One pass of the platform's 100 ms PnL timer: <c>Position.Updated</c> where the PnL changed. Not a message: it runs
    /// on the timer's thread-pool thread (see <c>StandInConnection.RecalculatePositions</c>).
    /// </summary>
    internal void RecalculatePositions()
    {
        foreach (var position in this.Cache.Positions)
        {
            if (position.RecalculatePnl())
            {
                position.RaiseUpdated();
            }
        }
    }
}
