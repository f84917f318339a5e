namespace TradingPlatform.BusinessLayer;

public class Asset
{
    internal Asset(string id, string name, string isoCode)
    {
        this.Id = id;
        this.Name = name;
        this.IsoCode = isoCode;
    }

    public string Id { get; }

    public string Name { get; }

    public string IsoCode { get; }
}
