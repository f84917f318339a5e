namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>A vendor's account message (test control).</summary>
public sealed class AccountMessage
{
    public string AccountId { get; set; }

    public string Name { get; set; }

    public double? Balance { get; set; }

    /// <summary>The account currency, e.g. "USD".</summary>
    public string Currency { get; set; }

    public NettingType? NettingType { get; set; }
}
