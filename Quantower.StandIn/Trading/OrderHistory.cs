using TradingPlatform.BusinessLayer.Integration;

namespace TradingPlatform.BusinessLayer;

/// <summary>A snapshot: a new instance per history message, never updated, never in <see cref="Core.Orders"/>.</summary>
public class OrderHistory : Order, IMessageBuilder<MessageOrderHistory>, IEquatable<OrderHistory>
{
    public OrderHistory(string connectionId)
        : base(connectionId)
    {
    }

    /// <summary>Compares every field, <see cref="BusinessObject.UniqueId"/> included.</summary>
    public bool Equals(OrderHistory other) =>
        other != null
        && string.Equals(this.UniqueId, other.UniqueId, StringComparison.Ordinal)
        && string.Equals(this.ToString(), other.ToString(), StringComparison.Ordinal)
        && this.AverageFillPrice.Equals(other.AverageFillPrice)
        && this.LastUpdateTime == other.LastUpdateTime;

    public override bool Equals(object obj) => this.Equals(obj as OrderHistory);

    public override int GetHashCode() => HashCode.Combine(this.UniqueId, this.Id);

    MessageOrderHistory IMessageBuilder<MessageOrderHistory>.BuildMessage() => new();
}
