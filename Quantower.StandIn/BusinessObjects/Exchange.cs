namespace TradingPlatform.BusinessLayer;

public sealed class Exchange
{
    internal Exchange(string id, string exchangeName)
    {
        this.Id = id;
        this.ExchangeName = exchangeName;
    }

    public string Id { get; }

    public string ExchangeName { get; }
}
