using NUnit.Framework;
using QuantowerRecorder.Tests.Plugin.Support;
using QuantowerRecorder.Tests.Support;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Tests.Plugin;

/// <summary>Stopping a recording returns at once, even while another program holds the file's write lock.</summary>
[TestFixture]
public sealed class StopNeverWaitsTests : PluginTestBase
{
    [Test]
    public void Stop_returns_while_the_file_is_locked_and_the_run_ends_and_is_analysed_once_it_is_free()
    {
        var recorder = CreateRecorder();
        recorder.Run();
        Broker.Fill(Place(Request(Side.Buy)), 100.25);
        Broker.Fill(Place(Request(Side.Sell)), 101.25);

        Task stopping;
        using (var other = OtherProgram.HoldingWriteLock(Db.Path))
        {
            // The platform calls OnStop on its own thread: here, a task we can time out on.
            stopping = Task.Run(recorder.Stop);
            Assert.That(stopping.Wait(TimeSpan.FromSeconds(5)), Is.True,
                "Stop returned while the lock was still held (it used to wait up to its 10 s close budget)");
            other.Release();
        }

        Assert.That(Scalar<string>("SELECT status FROM strategy_runs"), Is.EqualTo("COMPLETED"));
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM executions"), Is.EqualTo(2));
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM run_trades"), Is.EqualTo(1), "the analysis ran on the writer once the run was written");
        AssertNoPlatformHandlerErrors();
    }
}
