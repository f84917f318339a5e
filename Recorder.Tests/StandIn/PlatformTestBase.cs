using NUnit.Framework;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.StandIn;

/// <summary>Every test starts from a fresh platform (Core.Instance is a singleton) with one connected connection.</summary>
[NonParallelizable] // drives the stand-in platform, whose Core.Instance is one per process (inherited by every fixture below it)
public abstract class PlatformTestBase
{
    protected StandInConnection Broker { get; private set; } = null!;

    protected Account Account { get; private set; } = null!;

    protected Symbol Symbol { get; private set; } = null!;

    protected static Core Core => Core.Instance;

    [SetUp]
    public void CreatePlatform()
    {
        StandInPlatform.Reset();
        this.Broker = StandInPlatform.CreateConnection("Sim");
        this.Account = this.Broker.AddAccount("ACC1");
        this.Symbol = this.Broker.AddSymbol("ES", tickSize: 0.25, bid: 100, ask: 100.25, last: 100);
    }

    [TearDown]
    public void ResetPlatform() => StandInPlatform.Reset();

    protected Order PlaceOpenOrder(Side side = Side.Buy, double quantity = 1, string orderType = OrderType.Market)
    {
        var result = Core.PlaceOrder(new PlaceOrderRequestParameters
        {
            Account = this.Account,
            Symbol = this.Symbol,
            Side = side,
            Quantity = quantity,
            OrderTypeId = orderType,
        });
        Assert.That(result.Status, Is.EqualTo(TradingOperationResultStatus.Success), result.Message);
        return this.Placed(result);
    }

    /// <summary>The order a trading call placed, once the connection's thread has processed what the call queued.</summary>
    protected Order Placed(TradingOperationResult result)
    {
        this.Broker.WaitForIdle();
        return Core.GetOrderById(result.OrderId)!;
    }
}
