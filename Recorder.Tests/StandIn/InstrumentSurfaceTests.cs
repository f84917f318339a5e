using System.Reflection;
using NUnit.Framework;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.StandIn;

/// <summary>The Symbol / VariableTick members the recorder reads for instrument specifications (quantower-api.md §4).</summary>
[TestFixture]
public sealed class InstrumentSurfaceTests : PlatformTestBase
{
    [Test]
    public void VariableTick_has_the_specs_members_and_constructors()
    {
        var members = typeof(VariableTick).GetProperties().ToDictionary(p => p.Name, p => (p.PropertyType, Public: p.SetMethod?.IsPublic ?? false));
        Assert.That(members, Is.EquivalentTo(new Dictionary<string, (Type, bool)>
        {
            ["LeftBorder"] = (typeof(double), false), ["RightBorder"] = (typeof(double), false), ["IncludeLeftBorder"] = (typeof(bool), false),
            ["TickSize"] = (typeof(double), false), ["TickCost"] = (typeof(double), false), ["Precision"] = (typeof(int), false),
        }));
        var constructors = typeof(VariableTick).GetConstructors()
            .Select(c => string.Join(",", c.GetParameters().Select(p => p.Name + (p.HasDefaultValue ? "=" + (p.DefaultValue ?? "null") : ""))));
        Assert.That(constructors, Is.EquivalentTo(new[] { "lowLimit,highLimit,allowLimit,tickSize,tickCost,precision=null", "tickSize,tickCost=1,precision=null" }));
        Assert.That(typeof(VariableTick).GetMethod(nameof(VariableTick.CheckPrice))!.ReturnType, Is.EqualTo(typeof(bool)));
        Assert.That(typeof(Symbol).GetProperty(nameof(Symbol.Underlier))!.SetMethod!.IsPrivate, Is.True);
        Assert.That(typeof(Symbol).GetProperty(nameof(Symbol.UnderlierId))!.PropertyType, Is.EqualTo(typeof(string)));
        Assert.That(new VariableTick(0.25).TickCost, Is.EqualTo(1.0), "a connection that sets no cost leaves 1.0");
    }

    [Test]
    public void GetTickCost_is_the_cost_of_the_band_holding_the_price_searched_from_the_end_and_NaN_without_a_list()
    {
        var banded = this.Broker.SendSymbol(new SymbolMessage
        {
            SymbolId = "B", Name = "B", TickSize = double.NaN, VariableTicks = [(0, 10, 0.01, 1), (10, double.PositiveInfinity, 0.05, 5)],
        });
        var bare = this.Broker.SendSymbol(new SymbolMessage { SymbolId = "N", Name = "N", TickSize = double.NaN });
        var child = this.Broker.SendSymbol(new SymbolMessage { SymbolId = "C", Name = "C", TickSize = double.NaN, Underlier = banded });

        Assert.That((banded.GetTickCost(5), banded.GetTickSize(5)), Is.EqualTo((1.0, 0.01)));
        Assert.That((banded.GetTickCost(10), banded.GetTickSize(10)), Is.EqualTo((5.0, 0.05)));
        Assert.That(bare.GetTickCost(5), Is.NaN);
        Assert.That(bare.GetTickSize(5), Is.NaN);
        Assert.That(child.GetTickCost(12), Is.EqualTo(5.0), "the underlier's list when the symbol has none");
        Assert.That(child.UnderlierId, Is.EqualTo("B"));
    }

    [Test]
    public void The_cached_tick_size_wins_over_the_bands()
    {
        var symbol = this.Broker.SendSymbol(new SymbolMessage { SymbolId = "F", Name = "F", TickSize = 0.25, TickCost = 12.5 });

        Assert.That((symbol.TickSize, symbol.GetTickSize(5000), symbol.GetTickCost(5000)), Is.EqualTo((0.25, 0.25, 12.5)));
        Assert.That(symbol.VariableTickList.Single().CheckPrice(-1e9), Is.True);
    }
}
