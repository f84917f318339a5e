using NUnit.Framework;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.StandIn;

/// <summary>
/// StrategyStateChanged as the State setter raises it (quantower-api.md §2, lifecycle item 4): synchronously, on the
/// thread that set the state, before OnRun/OnStop, as a plain delegate call. Connection-driven Run/Stop come from
/// thread-pool tasks (§1).
/// </summary>
[TestFixture]
[NonParallelizable] // drives the stand-in platform, whose Core.Instance is one per process
public sealed class StrategyStateDeliveryTests
{
    private StandInConnection connection = null!;

    [SetUp]
    public void CreatePlatform()
    {
        StandInPlatform.Reset();
        this.connection = StandInPlatform.CreateConnection("Feed");
        ThreadProbe.MonitoredIds = [];
    }

    [TearDown]
    public void ResetPlatform() => StandInPlatform.Reset();

    [Test]
    public void A_watcher_hears_Working_before_OnRun_and_Stopped_before_OnStop_on_the_calling_thread()
    {
        var strategy = StandInStrategies.Create<ThreadProbe>();
        Core.Instance.Strategies.StrategyStateChanged += (s, e) => ((ThreadProbe)s).Record("Changed:" + e.StrategyState);

        strategy.Run();
        strategy.Stop();

        var caller = Environment.CurrentManagedThreadId;
        Assert.That(strategy.Calls, Is.EqualTo(new[]
        {
            ("Changed:Working", caller), ("OnRun", caller), ("Changed:Stopped", caller), ("OnStop", caller),
        }));
    }

    [Test]
    public void Creation_raises_Created_from_the_State_setter()
    {
        var states = new List<StrategyState>();
        Core.Instance.Strategies.StrategyStateChanged += (_, e) => states.Add(e.StrategyState);

        StandInStrategies.Create<ThreadProbe>();

        Assert.That(states, Is.EqualTo(new[] { StrategyState.Created }));
    }

    [Test]
    public void A_throwing_watcher_reaches_the_caller_of_Run_and_OnRun_is_not_called()
    {
        var strategy = StandInStrategies.Create<ThreadProbe>();
        Core.Instance.Strategies.StrategyStateChanged += (_, e) =>
        {
            if (e.StrategyState == StrategyState.Working)
            {
                throw new InvalidOperationException("watcher bug");
            }
        };

        Assert.That(strategy.Run, Throws.InvalidOperationException.With.Message.EqualTo("watcher bug"));
        Assert.That(strategy.State, Is.EqualTo(StrategyState.Working), "the setter had set the state before raising");
        Assert.That(strategy.Calls.Select(c => c.Call), Does.Not.Contain("OnRun"));
        Assert.That(StandInPlatform.HandlerErrors, Is.Empty, "a plain call, not invoked safely");
    }

    [Test]
    public void A_connection_change_runs_and_stops_the_strategy_on_thread_pool_tasks()
    {
        ThreadProbe.MonitoredIds = [this.connection.Id];
        this.connection.Disconnect();
        var strategy = StandInStrategies.Create<ThreadProbe>();
        strategy.Run();

        this.connection.Connect();
        this.connection.Disconnect();

        Assert.That(strategy.Calls.Select(c => c.Call), Is.EqualTo(new[] { "OnRun", "OnStop" }));
        Assert.That(strategy.PoolThreads, Is.EqualTo(new[] { true, true }));
        Assert.That(strategy.Calls.Select(c => c.Thread), Has.None.EqualTo(Environment.CurrentManagedThreadId));
        Assert.That(strategy.State, Is.EqualTo(StrategyState.WaitingForConnection));
    }

    public sealed class ThreadProbe : Strategy
    {
        private readonly object sync = new();

        public ThreadProbe()
        {
            this.Name = "Thread probe";
        }

        public static string[] MonitoredIds { get; set; } = [];

        public List<(string Call, int Thread)> Calls { get; } = [];

        public List<bool> PoolThreads { get; } = [];

        public override string[] MonitoringConnectionsIds => MonitoredIds;

        public void Record(string call)
        {
            lock (this.sync)
            {
                this.Calls.Add((call, Environment.CurrentManagedThreadId));
            }
        }

        protected override void OnRun() => this.Lifecycle("OnRun");

        protected override void OnStop() => this.Lifecycle("OnStop");

        private void Lifecycle(string call)
        {
            this.Record(call);
            lock (this.sync)
            {
                this.PoolThreads.Add(Thread.CurrentThread.IsThreadPoolThread);
            }
        }
    }
}
