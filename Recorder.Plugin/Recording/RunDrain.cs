using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>
/// How a run ends: after its end is asked (the followed strategy stops, an author's OnStop disposes its recorder), the
/// run keeps recording until the orders it saw working have settled — filled, cancelled, refused or removed — and the
/// orders sent at the last moment (a flatten in OnStop) have had <see cref="Settle"/> to appear, with the connection's
/// message queue empty; at most for <see cref="Limit"/>, after which what is still working is recorded as such.
/// Quantower raises a strategy's Stopped before its OnStop runs and delivers fills later on the connection's thread
/// (quantower-api.md §1, §2), so ending at once would lose a strategy's exits.
/// </summary>
internal sealed record RunDrain(TimeSpan Settle, TimeSpan Limit)
{
    /// <summary>
    /// Nothing new for 1 s after the end is asked and after the run's last event; at most 30 s of waiting for the
    /// working orders.
    /// </summary>
    public static readonly RunDrain Default = new(Settle: TimeSpan.FromSeconds(1), Limit: TimeSpan.FromSeconds(30));

    /// <summary>When a connection still has messages queued at the end: how soon it is looked at again.</summary>
    public TimeSpan Recheck => Settle > MinRecheck ? Settle : MinRecheck;

    // With no settle time, a queue that stays busy is still looked at only this often, not in a loop.
    private static readonly TimeSpan MinRecheck = TimeSpan.FromMilliseconds(50);

    /// <summary>The orders of a run by id, and whether each is still working; only touched under the run's lock.</summary>
    internal sealed class Orders
    {
        private readonly Dictionary<string, bool> working = new(StringComparer.Ordinal);

        public void Seen(Order order)
        {
            // A history snapshot tells of the past, not of an order still to settle.
            if (order is not OrderHistory && !string.IsNullOrEmpty(order.Id))
            {
                // OrderRemoved hands over an order already out of the cache (State Fake): it is no longer working.
                working[order.Id] = order.State == BusinessObjectState.Normal
                    && order.Status is not (OrderStatus.Filled or OrderStatus.Cancelled or OrderStatus.Refused);
            }
        }

        public string[] Working => [.. working.Where(o => o.Value).Select(o => o.Key).Order(StringComparer.Ordinal)];
    }
}
