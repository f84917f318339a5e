// Over 250 lines: one platform type mirrored whole (its lifecycle, settings, logs and metrics are one surface).
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Xml.Linq;
using TradingPlatform.BusinessLayer.Serialization;

namespace TradingPlatform.BusinessLayer;

/// <summary>
/// A strategy. Lifecycle: Created → Run (Working, or WaitingForConnection without calling OnRun) → Stop (OnStop only
/// from Working) → Remove. Connection changes of <see cref="MonitoringConnectionsIds"/> re-run and stop it, so OnRun and
/// OnStop can run several times per instance. The constructor must have no side effects.
/// </summary>
public abstract class Strategy : ExecutionEntity, IXElementSerialization, IConnectionStateDependent
{
    internal const string InstanceNameItemName = "instanceName";

    private readonly object lifecycle = new();
    private readonly object logSync = new();
    private List<LoggerEvent> logFile;
    private Meter meter;
    private DateTime? startTimeUtc;
    private StrategyManager manager;
    private StrategyState state;

    protected Strategy()
    {
        this.Id = Guid.NewGuid().ToString();
    }

    public event StrategyEventHandler NewLog;

    public event Action<Strategy> SettingsChanged;

    /// <summary>A new GUID from the ctor, replaced on restore.</summary>
    public string Id { get; internal set; }

    /// <summary>
    /// The setter raises <see cref="StrategyManager.StrategyStateChanged"/> synchronously, on the thread that sets it,
    /// as a plain delegate call: a watcher hears Working before OnRun and Stopped before OnStop, and a watcher's
    /// exception leaves the setter (and so Run() or Stop(), before OnRun/OnStop).
    /// </summary>
    public StrategyState State
    {
        get => this.state;
        internal set
        {
            var previous = this.state;
            this.state = value;
            this.manager?.OnStateChanged(this, previous);
        }
    }

    public string InstanceName { get; set; }

    /// <summary>
    /// The getter adds "instanceName" (group "General"). The setter applies it, throws
    /// <see cref="InvalidOperationException"/> while Working, then applies the rest and raises <see cref="SettingsChanged"/>.
    /// </summary>
    public override IList<SettingItem> Settings
    {
        get
        {
            var items = base.Settings;
            items.Add(new ValueSettingItem(InstanceNameItemName, this.InstanceName, typeof(string)) { Text = "Instance name", GroupName = "General" });
            return items;
        }

        set
        {
            if (value?.GetItemByName(InstanceNameItemName) is { } instanceName)
            {
                this.InstanceName = instanceName.Value as string;
            }

            if (this.State == StrategyState.Working)
            {
                throw new InvalidOperationException("Can't change settings of a working strategy.");
            }

            base.Settings = value;
            this.SettingsChanged?.Invoke(this);
        }
    }

    /// <summary>The connections whose state drives this strategy; empty by default.</summary>
    public virtual string[] MonitoringConnectionsIds => [];

    public bool NewVersionAvailable { get; internal set; }

    internal DateTime? StartTimeUtc => this.startTimeUtc;

    public void Run()
    {
        lock (this.lifecycle)
        {
            if (this.State is StrategyState.Working or StrategyState.Removed)
            {
                return;
            }

            var connections = Core.Connections;
            var waiting = (this.MonitoringConnectionsIds ?? [])
                .Where(id => id != null)
                .Any(id => connections[id]?.State != ConnectionState.Connected);
            if (waiting)
            {
                this.SetState(StrategyState.WaitingForConnection);
                return;
            }

            this.SetState(StrategyState.Working);
            this.startTimeUtc = Core.TimeUtils.DateTimeUtcNow;
            try
            {
                this.OnRun();
            }
            catch (Exception e)
            {
                this.Log("OnRun: " + e, StrategyLoggingLevel.Error);
            }
        }
    }

    public void Stop()
    {
        lock (this.lifecycle)
        {
            var previous = this.State;
            if (previous is not (StrategyState.Working or StrategyState.WaitingForConnection))
            {
                return;
            }

            this.SetState(StrategyState.Stopped);
            if (previous == StrategyState.Working)
            {
                try
                {
                    this.OnStop();
                }
                catch (Exception e)
                {
                    this.Log("OnStop: " + e, StrategyLoggingLevel.Error);
                }
            }
        }
    }

    public void Remove()
    {
        lock (this.lifecycle)
        {
            if (this.State == StrategyState.Removed)
            {
                return;
            }

            if (this.State == StrategyState.Working)
            {
                this.Stop();
            }

            lock (this.logSync)
            {
                this.logFile?.Clear();
            }

            this.SetState(StrategyState.Removed);
            try
            {
                this.OnRemove();
            }
            catch (Exception e)
            {
                this.Log("OnRemove: " + e, StrategyLoggingLevel.Error);
            }

            lock (this.logSync)
            {
                this.logFile = null;
            }
        }

        this.manager?.OnRemoved(this);
    }

    /// <summary>Calls OnGetMetrics; if that throws, the error is logged and null is returned.</summary>
    public List<StrategyMetric> GetMetrics()
    {
        try
        {
#pragma warning disable CS0618 // The platform itself still calls the obsolete hook.
            return this.OnGetMetrics();
#pragma warning restore CS0618
        }
        catch (Exception e)
        {
            this.Log("GetMetrics: " + e, StrategyLoggingLevel.Error);
            return null;
        }
    }

    /// <summary>Never null.</summary>
    public LoggerEvent[] GetLogs(DateTime from, DateTime to)
    {
        lock (this.logSync)
        {
            return this.logFile == null ? [] : [.. this.logFile.Where(e => e.Date >= from && e.Date <= to)];
        }
    }

    /// <summary>Disposes the connection observer and the meter, and calls Stop() if the strategy is Working.</summary>
    public override void Dispose()
    {
        if (this.IsDisposed)
        {
            return;
        }

        this.meter?.Dispose();
        this.meter = null;
        if (this.State == StrategyState.Working)
        {
            this.Stop();
        }

        base.Dispose();
    }

    public ConnectionDependency GetConnectionStateDependency() => new(this.MonitoringConnectionsIds ?? []);

    public XElement ToXElement() =>
        new(
            nameof(Strategy),
            new XAttribute(nameof(this.Id), this.Id ?? string.Empty),
            new XAttribute(nameof(this.Name), this.Name ?? string.Empty),
            new XElement(
                nameof(this.Settings),
                this.Settings
                    .Where(i => !string.Equals(i.Name, ScriptKeyItemName, StringComparison.Ordinal))
                    .Select(i => new XElement("Item", new XAttribute("Name", i.Name), new XAttribute("Value", ToText(i.Value))))));

    public void FromXElement(XElement element, DeserializationInfo deserializationInfo)
    {
        ArgumentNullException.ThrowIfNull(element);
        this.Id = (string)element.Attribute(nameof(this.Id)) ?? this.Id;
        this.Name = (string)element.Attribute(nameof(this.Name)) ?? this.Name;
        var items = element.Element(nameof(this.Settings))?.Elements("Item")
            .Select(e => (SettingItem)new ValueSettingItem((string)e.Attribute("Name"), (string)e.Attribute("Value"), typeof(string)))
            .ToList();
        if (items != null)
        {
            this.Settings = items;
        }
    }

    protected virtual void OnCreated()
    {
    }

    protected virtual void OnRun()
    {
    }

    protected virtual void OnStop()
    {
    }

    protected virtual void OnRemove()
    {
    }

    /// <summary>"Run Date/Time" and "Working time" (<c>d\.hh\:mm\:ss</c>), each "N/A" when not running.</summary>
    [Obsolete("Use OnInitializeMetrics() method to initialize System.Diagnostics.Metrics")]
    protected virtual List<StrategyMetric> OnGetMetrics()
    {
        var metrics = new List<StrategyMetric>();
        var start = this.startTimeUtc;
        metrics.Add(
            "Run Date/Time",
            start is { } s
                ? Core.TimeUtils.ConvertFromUTCToSelectedTimeZone(s).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
                : "N/A");
        metrics.Add(
            "Working time",
            start is { } w && this.State == StrategyState.Working
                ? (Core.TimeUtils.DateTimeUtcNow - w).ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture)
                : "N/A");
        return metrics;
    }

    protected virtual void OnInitializeMetrics(Meter meter)
    {
    }

    /// <summary>
    /// Stamped with <see cref="TimeUtils.DateTimeUtcNow"/>, written to the strategy's own log if the logger exists,
    /// and raised as <see cref="NewLog"/>. Info → System, Trading → Trading, Error → Error.
    /// </summary>
    protected internal void Log(string message, StrategyLoggingLevel level = StrategyLoggingLevel.Info)
    {
        var loggerEvent = new LoggerEvent
        {
            Date = Core.TimeUtils.DateTimeUtcNow,
            Event = message,
            Type = level switch
            {
                StrategyLoggingLevel.Trading => LoggingLevel.Trading,
                StrategyLoggingLevel.Error => LoggingLevel.Error,
                _ => LoggingLevel.System,
            },
        };

        lock (this.logSync)
        {
            this.logFile?.Add(loggerEvent);
        }

        this.NewLog?.Invoke(this, new StrategyEventArgs(this.State, loggerEvent));
    }

    /// <summary>Creation: Key set → logger → OnInitializeMetrics(meter) → State = Created → OnCreated(); callback errors are logged.</summary>
    internal void Initialize(StrategyManager owner)
    {
        this.manager = owner;
        this.Key = new ScriptKey(this.Name ?? this.GetType().FullName);
        lock (this.logSync)
        {
            this.logFile = [];
        }

        this.meter = new Meter("Strategy." + (this.Name ?? this.GetType().Name));
        try
        {
            this.OnInitializeMetrics(this.meter);
        }
        catch (Exception e)
        {
            this.Log("OnInitializeMetrics: " + e, StrategyLoggingLevel.Error);
        }

        this.State = StrategyState.Created;
        try
        {
            this.OnCreated();
        }
        catch (Exception e)
        {
            this.Log("OnCreated: " + e, StrategyLoggingLevel.Error);
        }
    }

    /// <summary>Connection-state change of a monitored connection (the platform runs this on a thread-pool task).</summary>
    internal void OnConnectionStateChanged(ConnectionState newState)
    {
        if (this.IsDisposed)
        {
            // Dispose() disposed the connection observer.
            return;
        }

        if (newState == ConnectionState.Connected && this.State == StrategyState.WaitingForConnection)
        {
            this.Run();
        }
        else if (newState is ConnectionState.Disconnected or ConnectionState.ConnectionLost)
        {
            lock (this.lifecycle)
            {
                if (this.State == StrategyState.Working)
                {
                    this.Stop();
                    this.SetState(StrategyState.WaitingForConnection);
                }
            }
        }
    }

    private static string ToText(object value) => value switch
    {
        null => string.Empty,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private void SetState(StrategyState newState) => this.State = newState;
}
