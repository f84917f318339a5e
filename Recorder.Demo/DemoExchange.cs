using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Demo;

/// <summary>
/// The market behind the stand-in's broker: at every trade price it fills the working orders that price reaches,
/// through the broker (which then updates positions, places brackets and cancels OCO siblings as a real one does).
/// Market orders fill in two parts, a tick and two ticks of slippage away, the first part leaving one contract for the
/// second (so a reversal's first fill crosses flat); a stop fills a tick beyond its trigger, or beyond the price that
/// gapped through it; a limit fills at its price. A forward (paper) account is slower and worse than the backtester's
/// model of it: its market and stop orders fill <see cref="ForwardLag"/> later and a tick further away, so that a
/// reconciliation of the paper run with its backtest has slippage and timing to show (`recorder reconcile`).
/// </summary>
internal sealed class DemoExchange(StandInConnection broker, Symbol symbol, DemoInstrument instrument, DemoClock clock, bool forward)
{
    private static readonly TimeSpan StopDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan FirstPartDelay = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan SecondPartDelay = TimeSpan.FromMilliseconds(600);
    private static readonly TimeSpan ForwardLag = TimeSpan.FromSeconds(2);
    private readonly TimeSpan lag = forward ? ForwardLag : TimeSpan.Zero;
    private readonly int extraTicks = forward ? 1 : 0;

    /// <summary>Fills what <paramref name="price"/>, traded at <paramref name="timeUtc"/>, reaches.</summary>
    public void Trade(DateTime timeUtc, double price)
    {
        // Orders the fills below create (a bracket's legs) work from the next price on.
        var working = Core.Instance.Orders
            .Where(o => Equals(o.Symbol, symbol) && o.Status is OrderStatus.Opened or OrderStatus.PartiallyFilled)
            .ToList();
        foreach (var order in working)
        {
            if (order.Status is not (OrderStatus.Opened or OrderStatus.PartiallyFilled))
            {
                continue; // cancelled by the fill of its OCO sibling
            }

            var sign = order.Side == Side.Buy ? 1 : -1;
            var tick = instrument.TickSize;
            switch (order.OrderTypeId)
            {
                case OrderType.Market:
                    var first = order.RemainingQuantity >= 2 ? order.RemainingQuantity - 1 : order.RemainingQuantity;
                    Fill(order, timeUtc + lag + FirstPartDelay, price + (sign * (1 + extraTicks) * tick), first);
                    if (order.RemainingQuantity > 0)
                    {
                        Fill(order, timeUtc + lag + SecondPartDelay, price + (sign * (2 + extraTicks) * tick), order.RemainingQuantity);
                    }

                    break;
                case OrderType.Stop when sign * (price - order.TriggerPrice) >= 0:
                    var through = sign > 0 ? Math.Max(order.TriggerPrice, price) : Math.Min(order.TriggerPrice, price);
                    Fill(order, timeUtc + lag + StopDelay, through + (sign * (1 + extraTicks) * tick), order.RemainingQuantity);
                    break;
                case OrderType.Limit when sign * (price - order.Price) <= 0:
                    Fill(order, timeUtc + StopDelay, order.Price, order.RemainingQuantity);
                    break;
            }
        }
    }

    private void Fill(Order order, DateTime timeUtc, double price, double quantity)
    {
        // Two fills in one pass never run the clock backwards.
        var now = clock.GetUtcNow().UtcDateTime;
        timeUtc = timeUtc > now ? timeUtc : now;
        clock.MoveTo(timeUtc);
        broker.Fill(order, price, quantity, timeUtc, fee: instrument.Fee(price, quantity));
    }
}
