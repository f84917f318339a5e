using System.Diagnostics.Metrics;
using NUnit.Framework;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.StandIn;

[TestFixture]
[NonParallelizable] // drives the stand-in platform, whose Core.Instance is one per process
public sealed class StrategyLifecycleTests
{
    private StandInConnection connection = null!;

    [SetUp]
    public void CreatePlatform()
    {
        StandInPlatform.Reset();
        this.connection = StandInPlatform.CreateConnection("Feed");
        ProbeStrategy.MonitoredIds = [];
        ProbeStrategy.LastDisposed = null;
    }

    [TearDown]
    public void ResetPlatform() => StandInPlatform.Reset();

    [Test]
    public void Creation_sets_Key_initialises_metrics_then_Created_then_OnCreated_and_registers_it()
    {
        Strategy? announced = null;
        Core.Instance.Strategies.StrategyCreated += s => announced = s;

        var strategy = StandInStrategies.Create<ProbeStrategy>();

        Assert.That(strategy.Calls, Is.EqualTo(new[] { "OnInitializeMetrics", "OnCreated:Created" }));
        Assert.That(strategy.Key, Is.Not.Null);
        Assert.That(announced, Is.SameAs(strategy));
        Assert.That(Core.Instance.Strategies.Created, Is.EqualTo(new[] { strategy }));
        Assert.That(Guid.TryParse(strategy.Id, out _), Is.True);
    }

    [Test]
    public void Discovery_creates_a_throw_away_instance_and_disposes_it()
    {
        var description = StandInStrategies.Discover<ProbeStrategy>();

        Assert.That(description.Name, Is.EqualTo("Probe"));
        Assert.That(ProbeStrategy.LastDisposed, Is.Not.Null);
        Assert.That(Core.Instance.Strategies.Created, Is.Empty);
    }

    [Test]
    public void Run_calls_OnRun_once_and_a_second_Run_while_Working_does_nothing()
    {
        var strategy = StandInStrategies.Create<ProbeStrategy>();

        strategy.Run();
        strategy.Run();

        Assert.That(strategy.State, Is.EqualTo(StrategyState.Working));
        Assert.That(strategy.Count("OnRun"), Is.EqualTo(1));
    }

    [Test]
    public void OnRun_is_not_called_while_waiting_for_a_monitored_connection()
    {
        this.connection.Disconnect();
        ProbeStrategy.MonitoredIds = [this.connection.Id];
        var strategy = StandInStrategies.Create<ProbeStrategy>();

        strategy.Run();

        Assert.That(strategy.State, Is.EqualTo(StrategyState.WaitingForConnection));
        Assert.That(strategy.Count("OnRun"), Is.Zero);
    }

    [Test]
    public void A_missing_monitored_connection_also_means_waiting()
    {
        ProbeStrategy.MonitoredIds = ["no-such-connection"];
        var strategy = StandInStrategies.Create<ProbeStrategy>();

        strategy.Run();

        Assert.That(strategy.State, Is.EqualTo(StrategyState.WaitingForConnection));
    }

    [Test]
    public void Reconnecting_runs_OnRun_and_OnStop_again()
    {
        ProbeStrategy.MonitoredIds = [this.connection.Id];
        var strategy = StandInStrategies.Create<ProbeStrategy>();
        strategy.Run();

        this.connection.LoseConnection();
        Assert.That(strategy.State, Is.EqualTo(StrategyState.WaitingForConnection));
        this.connection.Connect();
        this.connection.Disconnect();
        this.connection.Connect();

        Assert.That(strategy.State, Is.EqualTo(StrategyState.Working));
        Assert.That(strategy.Count("OnRun"), Is.EqualTo(3));
        Assert.That(strategy.Count("OnStop"), Is.EqualTo(2));
    }

    [Test]
    public void A_lost_connection_goes_Working_Stopped_WaitingForConnection()
    {
        ProbeStrategy.MonitoredIds = [this.connection.Id];
        var strategy = StandInStrategies.Create<ProbeStrategy>();
        strategy.Run();
        var transitions = new List<(StrategyState Previous, StrategyState New)>();
        Core.Instance.Strategies.StrategyStateChanged += (_, e) => transitions.Add((e.StrategyPreviousState, e.StrategyState));

        this.connection.LoseConnection();

        Assert.That(transitions, Is.EqualTo(new[] { (StrategyState.Working, StrategyState.Stopped), (StrategyState.Stopped, StrategyState.WaitingForConnection) }));
    }

    [Test]
    public void Unmonitored_connections_do_not_touch_the_strategy()
    {
        var strategy = StandInStrategies.Create<ProbeStrategy>();
        strategy.Run();

        this.connection.LoseConnection();

        Assert.That(strategy.State, Is.EqualTo(StrategyState.Working));
    }

    [Test]
    public void Stop_from_waiting_does_not_call_OnStop()
    {
        ProbeStrategy.MonitoredIds = ["missing"];
        var strategy = StandInStrategies.Create<ProbeStrategy>();
        strategy.Run();

        strategy.Stop();

        Assert.That(strategy.State, Is.EqualTo(StrategyState.Stopped));
        Assert.That(strategy.Count("OnStop"), Is.Zero);
    }

    [Test]
    public void Stop_from_Created_does_nothing()
    {
        var strategy = StandInStrategies.Create<ProbeStrategy>();

        strategy.Stop();

        Assert.That(strategy.State, Is.EqualTo(StrategyState.Created));
    }

    [Test]
    public void An_exception_in_OnRun_is_logged_and_the_state_stays_Working()
    {
        var strategy = StandInStrategies.Create<ProbeStrategy>();
        strategy.ThrowInOnRun = true;
        var logs = new List<LoggerEvent>();
        strategy.NewLog += (_, e) => logs.Add(e.LoggerEvent);

        Assert.That(strategy.Run, Throws.Nothing);

        Assert.That(strategy.State, Is.EqualTo(StrategyState.Working));
        Assert.That(logs.Single().Type, Is.EqualTo(LoggingLevel.Error));
    }

    [Test]
    public void Remove_stops_a_working_strategy_then_Removed_then_OnRemove_and_unregisters_it()
    {
        var strategy = StandInStrategies.Create<ProbeStrategy>();
        strategy.Run();
        Strategy? removed = null;
        Core.Instance.Strategies.StrategyRemoved += s => removed = s;

        StandInStrategies.Delete(strategy);

        Assert.That(strategy.Calls.Skip(2), Is.EqualTo(new[] { "OnRun", "OnStop", "OnRemove:Removed" }));
        Assert.That(removed, Is.SameAs(strategy));
        Assert.That(Core.Instance.Strategies.Created, Is.Empty);
        Assert.That(strategy.GetLogs(DateTime.MinValue, DateTime.MaxValue), Is.Empty.And.Not.Null);
    }

    [Test]
    public void Settings_setter_throws_while_Working_after_applying_the_instance_name()
    {
        var strategy = StandInStrategies.Create<ProbeStrategy>();
        strategy.Run();

        Assert.That(() => strategy.Settings = [StandInSettings.Item("instanceName", "renamed"), StandInSettings.Item("Fast", 3)], Throws.InvalidOperationException);

        Assert.That(strategy.InstanceName, Is.EqualTo("renamed"));
        Assert.That(strategy.Fast, Is.EqualTo(10));
    }

    [Test]
    public void Settings_setter_applies_values_by_name_and_calls_OnSettingsUpdated_only_when_one_was_applied()
    {
        var strategy = StandInStrategies.Create<ProbeStrategy>();
        var changed = 0;
        strategy.SettingsChanged += _ => changed++;

        strategy.Settings = [StandInSettings.Item("Unknown", 1)];
        Assert.That(strategy.Count("OnSettingsUpdated"), Is.Zero);

        strategy.Settings = [StandInSettings.Item("Fast", 3), StandInSettings.Item("Timeframe", Period.MIN15), StandInSettings.Item("Mode", 1)];

        Assert.That((strategy.Fast, strategy.Timeframe, strategy.Mode), Is.EqualTo((3, Period.MIN15, DayOfWeek.Monday)));
        Assert.That(strategy.Count("OnSettingsUpdated"), Is.EqualTo(1));
        Assert.That(changed, Is.EqualTo(2));
    }

    [Test]
    public void Settings_getter_lists_input_parameters_a_hidden_ScriptKey_and_the_instance_name()
    {
        var strategy = StandInStrategies.Create<ProbeStrategy>();
        strategy.InstanceName = "A";

        var settings = strategy.Settings;

        Assert.That(settings.Select(s => s.Name), Is.EquivalentTo(new[] { "Fast", "Timeframe", "Mode", "ScriptKey", "instanceName" }));
        Assert.That(settings.Where(s => s.Name is "Fast" or "Timeframe" or "Mode").Select(StandInSettings.GroupOf), Has.All.EqualTo("Input parameters"));
        Assert.That(StandInSettings.IsHidden(settings.GetItemByName("ScriptKey")), Is.True);
        var instanceName = settings.GetItemByName("instanceName");
        Assert.That((instanceName.Text, StandInSettings.GroupOf(instanceName), instanceName.Value), Is.EqualTo(("Instance name", "General", (object)"A")));
        Assert.That(settings.GetItemByName("Mode").Value, Is.EqualTo(0), "enums with variants are stored as int");
        Assert.That(settings.TryGetValue("Fast", out int fast) && fast == 10, Is.True);
        Assert.That(settings.GetValueOrDefault(7, "Missing"), Is.EqualTo(7));
    }

    [Test]
    public void GetMetrics_returns_null_and_logs_when_OnGetMetrics_throws()
    {
        var strategy = StandInStrategies.Create<ProbeStrategy>();
        strategy.ThrowInMetrics = true;

        Assert.That(strategy.GetMetrics(), Is.Null);
        Assert.That(strategy.GetLogs(DateTime.MinValue, DateTime.MaxValue).Single().Type, Is.EqualTo(LoggingLevel.Error));
    }

    [Test]
    public void Base_metrics_are_Run_DateTime_and_Working_time()
    {
        var strategy = StandInStrategies.Create<PlainStrategy>();

        Assert.That(strategy.GetMetrics()!.Select(m => (m.Name, m.FormattedValue)), Is.EqualTo(new[] { ("Run Date/Time", "N/A"), ("Working time", "N/A") }));
        strategy.Run();
        Assert.That(strategy.GetMetrics()![1].FormattedValue, Does.Match(@"^\d+\.\d\d:\d\d:\d\d$"));
    }

    [Test]
    public void Log_maps_levels_and_raises_NewLog_with_the_current_state()
    {
        var strategy = StandInStrategies.Create<ProbeStrategy>();
        var seen = new List<(StrategyState, LoggingLevel, string)>();
        strategy.NewLog += (s, e) => seen.Add((e.StrategyState, e.LoggerEvent.Type, e.LoggerEvent.Event));

        strategy.Write("a", StrategyLoggingLevel.Info);
        strategy.Write("b", StrategyLoggingLevel.Trading);
        strategy.Write("c", StrategyLoggingLevel.Error);

        Assert.That(seen, Is.EqualTo(new[] { (StrategyState.Created, LoggingLevel.System, "a"), (StrategyState.Created, LoggingLevel.Trading, "b"), (StrategyState.Created, LoggingLevel.Error, "c") }));
        Assert.That(strategy.GetLogs(DateTime.MinValue, DateTime.MaxValue), Has.Length.EqualTo(3));
    }

    [Test]
    public void Dispose_stops_a_working_strategy_and_raises_OnDispose()
    {
        var strategy = StandInStrategies.Create<ProbeStrategy>();
        strategy.Run();
        var disposed = 0;
        strategy.OnDispose += _ => disposed++;

        strategy.Dispose();

        Assert.That(strategy.State, Is.EqualTo(StrategyState.Stopped));
        Assert.That(strategy.Count("OnStop"), Is.EqualTo(1));
        Assert.That(disposed, Is.EqualTo(1));
    }

    [TestCase(ConnectionType.Backtester)]
    [TestCase(ConnectionType.HistoryPlayer)]
    [TestCase(ConnectionType.TradingSimulator)]
    [TestCase(ConnectionType.Technical)]
    public void Connections_of_each_type_can_be_created_and_connected(ConnectionType type)
    {
        var added = new List<Connection>();
        Core.Instance.Connections.ConnectionAdded += added.Add;

        var created = StandInPlatform.CreateConnection("C-" + type, type);

        Assert.That(created.Connection.Type, Is.EqualTo(type));
        Assert.That(created.Connection.State, Is.EqualTo(ConnectionState.Connected));
        Assert.That(added, Is.EqualTo(new[] { created.Connection }));
    }

    [Test]
    public void A_backtester_connection_is_recognised_by_its_type()
    {
        var backtest = StandInPlatform.CreateBacktester();

        Assert.That(backtest.Connection.Type, Is.EqualTo(ConnectionType.Backtester));
        Assert.That(this.connection.Connection.Type, Is.EqualTo(ConnectionType.General), "a connection is General unless the host sets another type");
    }

    [Test]
    public void Connection_state_changes_are_reported_with_previous_and_new_state()
    {
        var seen = new List<(ConnectionState, ConnectionState)>();
        Core.Instance.Connections.ConnectionStateChanged += (_, e) => seen.Add((e.PreviousState, e.NewState));

        this.connection.LoseConnection();
        this.connection.Connect();

        Assert.That(seen, Is.EqualTo(new[] { (ConnectionState.Connected, ConnectionState.ConnectionLost), (ConnectionState.ConnectionLost, ConnectionState.Connected) }));
    }

    public sealed class PlainStrategy : Strategy
    {
        public PlainStrategy()
        {
            this.Name = "Plain";
        }
    }

    public sealed class ProbeStrategy : Strategy
    {
        [InputParameter("Fast", 0, 1, 100, 1, 0)]
        private int fast = 10;

        public ProbeStrategy()
        {
            this.Name = "Probe";
        }

        public static string[] MonitoredIds { get; set; } = [];

        public static ProbeStrategy? LastDisposed { get; set; }

        public List<string> Calls { get; } = [];

        public bool ThrowInOnRun { get; set; }

        public bool ThrowInMetrics { get; set; }

        public int Fast => this.fast;

        [InputParameter]
        public Period Timeframe { get; set; } = Period.MIN5;

        [InputParameter("Mode", variants: new object[] { "Sunday", DayOfWeek.Sunday, "Monday", DayOfWeek.Monday })]
        public DayOfWeek Mode { get; set; }

        [InputParameter]
        public long Unsupported { get; set; }

        public override string[] MonitoringConnectionsIds => MonitoredIds;

        public int Count(string call) => this.Calls.Count(c => c.StartsWith(call, StringComparison.Ordinal));

        public void Write(string message, StrategyLoggingLevel level) => this.Log(message, level);

        public override void Dispose()
        {
            LastDisposed = this;
            base.Dispose();
        }

        protected override void OnInitializeMetrics(Meter meter) => this.Calls.Add("OnInitializeMetrics");

        protected override void OnCreated() => this.Calls.Add("OnCreated:" + this.State);

        protected override void OnRun()
        {
            this.Calls.Add("OnRun");
            if (this.ThrowInOnRun)
            {
                throw new InvalidOperationException("OnRun failed");
            }
        }

        protected override void OnStop() => this.Calls.Add("OnStop");

        protected override void OnRemove() => this.Calls.Add("OnRemove:" + this.State);

        protected override void OnSettingsUpdated() => this.Calls.Add("OnSettingsUpdated");

        [Obsolete("Use OnInitializeMetrics() method to initialize System.Diagnostics.Metrics")]
        protected override List<StrategyMetric> OnGetMetrics() =>
            this.ThrowInMetrics ? throw new InvalidOperationException("metrics failed") : base.OnGetMetrics();
    }
}
