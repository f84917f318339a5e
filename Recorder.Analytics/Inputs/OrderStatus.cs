namespace QuantowerRecorder.Analytics;

/// <summary>The last known status of an order (<c>orders.status</c>).</summary>
public enum OrderStatus
{
    /// <summary>Not known or not one of the others.</summary>
    Unknown,

    /// <summary>Accepted and working, nothing filled yet.</summary>
    Working,

    /// <summary>Part of the quantity filled, the rest still working.</summary>
    PartiallyFilled,

    /// <summary>The whole quantity filled.</summary>
    Filled,

    /// <summary>Cancelled (by the trader, the strategy or the venue) before filling completely.</summary>
    Cancelled,

    /// <summary>Refused by the venue or the platform.</summary>
    Rejected,
}
