namespace TradingPlatform.BusinessLayer;

public sealed class ConnectionInfo
{
    private readonly Connection connection;

    internal ConnectionInfo(Connection connection, string group)
    {
        this.connection = connection;
        this.Name = connection.Name;
        this.Group = group;
    }

    public string Name { get; internal set; }

    public string Group { get; }

    public string VendorName => this.connection.VendorName;

    public string ConnectionId => this.connection.Id;

    public ConnectionState ConnectionState => this.connection.State;

    /// <summary>When true the vendor's messages are processed on its pushing thread instead of the queue.</summary>
    public bool SyncMsgProcessing { get; set; }
}
