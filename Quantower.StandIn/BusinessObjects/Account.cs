using TradingPlatform.BusinessLayer.StandIn;

namespace TradingPlatform.BusinessLayer;

public class Account : BusinessObject, IComparable, IComparable<Account>, IEquatable<Account>
{
    protected internal Account(string connectionId)
        : base(connectionId)
    {
    }

    public event Action<Account> Updated;

    public string Id { get; private set; }

    public string Name { get; private set; }

    public Asset AccountCurrency { get; private set; }

    public double Balance { get; private set; }

    public NettingType NettingType { get; set; }

    public int CompareTo(Account other) => other == null ? 1 : string.CompareOrdinal(this.Name, other.Name);

    public int CompareTo(object obj) => this.CompareTo(obj as Account);

    public bool Equals(Account other) =>
        other != null
        && string.Equals(this.Id, other.Id, StringComparison.Ordinal)
        && string.Equals(this.ConnectionId, other.ConnectionId, StringComparison.Ordinal);

    public override bool Equals(object obj) => this.Equals(obj as Account);

    public override int GetHashCode() => HashCode.Combine(this.Id, this.ConnectionId);

    public override string ToString() => this.Name;

    internal void Apply(AccountMessage message)
    {
        this.Id = message.AccountId ?? this.Id;
        this.Name = message.Name ?? this.Name ?? this.Id;
        this.Balance = message.Balance ?? this.Balance;
        if (message.Currency != null)
        {
            this.AccountCurrency = new Asset(message.Currency, message.Currency, message.Currency);
        }

        this.NettingType = message.NettingType ?? this.NettingType;
    }

    /// <summary>A plain delegate call: a handler's exception goes back into message processing.</summary>
    internal void RaiseUpdated() => this.Updated?.Invoke(this);
}
