using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Tests.Strategies;

/// <summary>
/// A strategy as authors write them: it follows the closed one-minute bars of its symbol, buys one lot every sixth bar
/// and sells it three bars later, and flattens in OnStop with a market order whose fill arrives after OnStop returned.
/// </summary>
public abstract class BarTrader : Strategy
{
    [InputParameter("Account", 1)]
    public Account? Account = null;

    [InputParameter("Symbol", 2)]
    public Symbol? Symbol = null;

    [InputParameter("Database file", 3)]
    public string DatabaseFile = string.Empty;

    [InputParameter("Entry every (bars)", 4)]
    public int EntryEvery = 6;

    private HistoricalData? history;
    private int closedBars;
    private bool holding;

    /// <summary>Every order this strategy sent, by id, in order.</summary>
    public List<string> SentOrders { get; } = [];

    protected override void OnRun()
    {
        this.history = this.Symbol!.GetHistory(Period.MIN1, this.Symbol.QuoteDateTime.AddHours(-1));
        this.history.NewHistoryItem += this.OnBar;
    }

    protected override void OnStop()
    {
        if (this.history is not null)
        {
            this.history.NewHistoryItem -= this.OnBar;
            this.history.Dispose();
            this.history = null;
        }

        if (this.holding)
        {
            this.Send(Side.Sell, "flatten at stop");
        }
    }

    /// <summary>Called just before each order is sent (a decision mark, for a strategy that records itself).</summary>
    protected virtual void Deciding(Side side, double price)
    {
    }

    private void OnBar(object sender, HistoryEventArgs e)
    {
        this.closedBars++;
        if (!this.holding && this.closedBars % this.EntryEvery == 0)
        {
            this.Send(Side.Buy, "entry");
        }
        else if (this.holding && this.closedBars % this.EntryEvery == this.EntryEvery / 2)
        {
            this.Send(Side.Sell, "exit");
        }
    }

    private void Send(Side side, string comment)
    {
        this.Deciding(side, this.Symbol!.Last);
        var result = Core.PlaceOrder(new PlaceOrderRequestParameters
        {
            Account = this.Account, Symbol = this.Symbol, Side = side, Quantity = 1, OrderTypeId = OrderType.Market, Comment = comment,
        });
        if (result.Status == TradingOperationResultStatus.Success)
        {
            this.SentOrders.Add(result.OrderId);
            this.holding = side == Side.Buy;
        }
        else
        {
            this.Log("order refused: " + result.Message, StrategyLoggingLevel.Error);
        }
    }
}
