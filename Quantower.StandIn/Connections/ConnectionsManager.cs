namespace TradingPlatform.BusinessLayer;

public sealed class ConnectionsManager
{
    private readonly Core core;
    private readonly object sync = new();
    private readonly List<Connection> connections = [];

    internal ConnectionsManager(Core core)
    {
        this.core = core;
    }

    public event Action<Connection> ConnectionAdded;

    public event Action<Connection> ConnectionRemoved;

    public event EventHandler<ConnectionStateChangedEventArgs> ConnectionStateChanged;

    public Connection[] All
    {
        get
        {
            lock (this.sync)
            {
                return [.. this.connections];
            }
        }
    }

    public Connection[] Connected => [.. this.All.Where(c => c.State == ConnectionState.Connected)];

    /// <summary>Null for a null, empty or unknown id.</summary>
    public Connection this[string id]
    {
        get
        {
            if (string.IsNullOrEmpty(id))
            {
                return null;
            }

            lock (this.sync)
            {
                return this.connections.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));
            }
        }
    }

    internal Core Core => this.core;

    internal void Add(Connection connection)
    {
        lock (this.sync)
        {
            this.connections.Add(connection);
        }

        SafeInvoker.Invoke(this.ConnectionAdded, this.core.Loggers, connection);
    }

    internal void Remove(Connection connection)
    {
        lock (this.sync)
        {
            if (!this.connections.Remove(connection))
            {
                return;
            }
        }

        SafeInvoker.Invoke(this.ConnectionRemoved, this.core.Loggers, connection);
    }

    internal Task[] OnStateChanged(Connection connection, ConnectionStateChangedEventArgs e)
    {
        SafeInvoker.Invoke(this.ConnectionStateChanged, this.core.Loggers, connection, e);
        return this.core.Strategies.OnConnectionStateChanged(connection, e);
    }
}
