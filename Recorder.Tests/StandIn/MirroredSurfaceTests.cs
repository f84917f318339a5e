using System.Reflection;
using NUnit.Framework;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.Integration;
using TradingPlatform.BusinessLayer.Serialization;

namespace QuantowerRecorder.Tests.StandIn;

/// <summary>The stand-in's public surface must match quantower-api.md: nothing invented, nothing more public than the spec.</summary>
[TestFixture]
public sealed class MirroredSurfaceTests
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Assembly StandIn = typeof(Core).Assembly;

    /// <summary>
    /// The types quantower-api.md names (as a type, a base, an interface or a member's type). Three are types the spec
    /// uses without naming them, named as in the platform: ConnectionResult (LastConnectionResult), VariableTick
    /// (VariableTickList) and TimeZone (SelectedTimeZone); ISessionsContainer, Message and ScriptInfo are the platform's
    /// types behind a property and two generic constraints, mirrored without members.
    /// </summary>
    private static readonly string[] SpecTypes =
    [
        "Account", "AdditionalInfoCollection", "AdditionalInfoItem", "AggressorFlag", "Asset", "BasePeriod", "BusinessObject",
        "BusinessObjectState", "ClosedPosition", "CloseOrderType", "Connection", "ConnectionDependency", "ConnectionInfo",
        "Integration.ConnectionResult", "ConnectionsManager", "ConnectionState", "ConnectionStateChangedEventArgs", "ConnectionType", "Core",
        "CumulativeDeltaReset", "DeltaCalculationType", "Serialization.DeserializationInfo", "Exchange", "ExecutionEntity", "GroupOrderType",
        "HistoricalData", "HistoricalDataState", "HistoryAggregation", "HistoryAggregationTime", "HistoryEventArgs",
        "HistoryEventHandler", "HistoryItem", "HistoryItemBar", "HistoryRequestParameters", "HistoryType", "IBusinessObjectsProvider",
        "IConnectionBindedObject", "IConnectionStateDependent", "ICustomizable", "IHistoryItem", "IIndicatorsCollection",
        "Integration.IMessageBuilder`1", "InputParameterAttribute", "IOrder", "ITradingObject", "IUniqueID", "IVolumeAnalysisCalculationProgress",
        "IVolumeAnalysisItem", "Serialization.IXElementSerialization", "LinkOCORequestParameters", "LoggerEvent", "LoggerManager", "LoggingLevel",
        "Integration.Message", "Integration.MessageOpenOrder", "Integration.MessageOpenPosition", "Integration.MessageOrderHistory",
        "Integration.MessageTrade", "NettingType", "Order", "OrderHistory",
        "OrderRequestParameters", "OrdersHistoryRequestParameters", "OrderStatus", "OrderType", "OrderTypeBehavior", "OrderTypeUsage",
        "Period", "PlaceMultiOrderOrderRequestParameters", "PlaceOrderRequestParameters", "PnL", "PnLItem", "Position",
        "PositionImpactType", "PriceMeasurement", "PriceType", "RequestParameters", "ScriptInfo", "ScriptKey", "ScriptManager`2", "SeekOriginHistory",
        "ISessionsContainer", "SettingItem", "SettingItemExtensions", "SettingItemType", "Side", "SlTpHolder", "Strategy",
        "StrategyEventArgs", "StrategyEventHandler", "StrategyInfo", "StrategyLoggingLevel", "StrategyManager", "StrategyMetric",
        "StrategyMetricExtensions", "StrategyState", "Symbol", "SymbolType", "SymbolVolumeType", "TimeInForce", "TimeUtils", "TimeZone",
        "Trade", "TradesHistoryRequestParameters", "TradingObject", "TradingOperationResult", "TradingOperationResultStatus",
        "TradingRequestParameters", "VariableTick", "Integration.VolumeAnalysisAvailability", "VolumeAnalysisCalculationParameters",
        "VolumeAnalysisCalculationState", "VolumeAnalysisData", "VolumeAnalysisDataEventArgs", "VolumeAnalysisField", "VolumeAnalysisItem",
        "VolumeAnalysisManager", "Integration.VolumeAnalysisMetadata", "VolumeAnalysisTaskEventArgs",
    ];

    private static IEnumerable<Type> PublicMirroredTypes() =>
        StandIn.GetExportedTypes().Where(t => t.Namespace is "TradingPlatform.BusinessLayer" or "TradingPlatform.BusinessLayer.Integration" or "TradingPlatform.BusinessLayer.Serialization");

    [Test]
    public void The_assembly_is_named_and_versioned_like_the_real_one()
    {
        Assert.That(StandIn.GetName().Name, Is.EqualTo("TradingPlatform.BusinessLayer"));
        Assert.That(StandIn.GetName().Version, Is.EqualTo(new Version(1, 142, 20, 0)));
    }

    [Test]
    public void The_public_mirrored_types_are_exactly_those_of_the_spec()
    {
        var exported = PublicMirroredTypes().Select(t => t.FullName!["TradingPlatform.BusinessLayer.".Length..]);

        Assert.That(exported, Is.EquivalentTo(SpecTypes));
    }

    [TestCase(typeof(Order), nameof(Order.GroupId), "private")]
    [TestCase(typeof(Order), nameof(Order.PositionId), "private")]
    [TestCase(typeof(Order), nameof(Order.Status), "internal")]
    [TestCase(typeof(Order), nameof(Order.RemainingQuantity), "get")]
    [TestCase(typeof(Order), nameof(Order.OrderType), "get")]
    [TestCase(typeof(TradingObject), nameof(TradingObject.Id), "protected")]
    [TestCase(typeof(TradingObject), nameof(TradingObject.Comment), "protected")]
    [TestCase(typeof(BusinessObject), nameof(BusinessObject.State), "protected internal")]
    [TestCase(typeof(BusinessObject), nameof(BusinessObject.ConnectionId), "internal")]
    [TestCase(typeof(BusinessObject), nameof(BusinessObject.UniqueId), "private")]
    [TestCase(typeof(BusinessObject), nameof(BusinessObject.Connection), "get")]
    [TestCase(typeof(ExecutionEntity), nameof(ExecutionEntity.Name), "protected")]
    [TestCase(typeof(ExecutionEntity), nameof(ExecutionEntity.Key), "internal")]
    [TestCase(typeof(ExecutionEntity), nameof(ExecutionEntity.Version), "get")]
    [TestCase(typeof(ExecutionEntity), nameof(ExecutionEntity.Settings), "public")]
    [TestCase(typeof(Strategy), nameof(Strategy.Id), "internal")]
    [TestCase(typeof(Strategy), nameof(Strategy.State), "internal")]
    [TestCase(typeof(Strategy), nameof(Strategy.InstanceName), "public")]
    [TestCase(typeof(Strategy), nameof(Strategy.MonitoringConnectionsIds), "get")]
    [TestCase(typeof(Strategy), nameof(Strategy.NewVersionAvailable), "internal")]
    [TestCase(typeof(StrategyEventArgs), nameof(StrategyEventArgs.StrategyState), "private")]
    [TestCase(typeof(StrategyEventArgs), nameof(StrategyEventArgs.StrategyPreviousState), "internal")]
    [TestCase(typeof(InputParameterAttribute), nameof(InputParameterAttribute.Variants), "private")]
    [TestCase(typeof(Connection), nameof(Connection.Type), "public")]
    [TestCase(typeof(Connection), nameof(Connection.State), "private")]
    [TestCase(typeof(Connection), nameof(Connection.Id), "private")]
    [TestCase(typeof(Connection), nameof(Connection.VendorName), "get")]
    [TestCase(typeof(ConnectionInfo), nameof(ConnectionInfo.Name), "internal")]
    [TestCase(typeof(ConnectionInfo), nameof(ConnectionInfo.SyncMsgProcessing), "public")]
    [TestCase(typeof(ConnectionStateChangedEventArgs), nameof(ConnectionStateChangedEventArgs.NewState), "private")]
    [TestCase(typeof(Trade), nameof(Trade.GrossPnl), "internal")]
    [TestCase(typeof(Trade), nameof(Trade.OrderTypeId), "internal")]
    [TestCase(typeof(Trade), nameof(Trade.PositionImpactType), "private")]
    [TestCase(typeof(Position), nameof(Position.GrossPnL), "internal")]
    [TestCase(typeof(Position), nameof(Position.Quantity), "private")]
    [TestCase(typeof(Position), nameof(Position.CurrentPrice), "get")]
    [TestCase(typeof(Position), nameof(Position.StopLoss), "get")]
    [TestCase(typeof(ClosedPosition), nameof(ClosedPosition.LastTradedPrice), "private")]
    [TestCase(typeof(Account), nameof(Account.NettingType), "public")]
    [TestCase(typeof(Account), nameof(Account.Balance), "private")]
    [TestCase(typeof(Symbol), nameof(Symbol.Id), "protected")]
    [TestCase(typeof(Symbol), nameof(Symbol.Bid), "private")]
    [TestCase(typeof(Symbol), nameof(Symbol.TickSize), "get")]
    [TestCase(typeof(SlTpHolder), nameof(SlTpHolder.Price), "private")]
    [TestCase(typeof(SlTpHolder), nameof(SlTpHolder.Quantity), "public")]
    [TestCase(typeof(OrderRequestParameters), nameof(OrderRequestParameters.StopLossItems), "private")]
    [TestCase(typeof(OrderRequestParameters), nameof(OrderRequestParameters.GroupId), "public")]
    [TestCase(typeof(Period), nameof(Period.PeriodMultiplier), "private")]
    [TestCase(typeof(Period), nameof(Period.Ticks), "get")]
    [TestCase(typeof(HistoryItem), nameof(HistoryItem.TimeLeft), "get")]
    [TestCase(typeof(HistoryItemBar), nameof(HistoryItemBar.TimeRight), "get")]
    [TestCase(typeof(VolumeAnalysisItem), nameof(VolumeAnalysisItem.FilteredTotalVolume), "private")]
    [TestCase(typeof(VolumeAnalysisItem), nameof(VolumeAnalysisItem.Delta), "get")]
    [TestCase(typeof(VolumeAnalysisItem), nameof(VolumeAnalysisItem.MinDelta), "public")]
    [TestCase(typeof(PnLItem), nameof(PnLItem.ValuePercent), "public")]
    [TestCase(typeof(AdditionalInfoItem), nameof(AdditionalInfoItem.Id), "public")]
    [TestCase(typeof(AdditionalInfoItem), nameof(AdditionalInfoItem.NameKey), "public")]
    [TestCase(typeof(AdditionalInfoItem), nameof(AdditionalInfoItem.Value), "public")]
    [TestCase(typeof(AdditionalInfoItem), nameof(AdditionalInfoItem.Hidden), "public")]
    [TestCase(typeof(TradingOperationResult), nameof(TradingOperationResult.Status), "private")]
    [TestCase(typeof(StrategyManager), nameof(StrategyManager.Created), "get")]
    public void Setter_accessibility_matches_the_spec(Type type, string property, string expected)
    {
        var info = type.GetProperty(property, BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            ?? type.GetProperty(property, BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
        Assert.That(info, Is.Not.Null, $"{type.Name}.{property}");
        Assert.That(info!.GetMethod!.IsPublic, Is.True);
        Assert.That(Accessibility(info.SetMethod), Is.EqualTo(expected));
    }

    [Test]
    public void The_indexer_of_HistoricalData_has_a_private_setter_and_defaults_to_End()
    {
        var indexer = typeof(HistoricalData).GetProperty("Item")!;
        var parameters = indexer.GetIndexParameters();

        Assert.That(Accessibility(indexer.SetMethod), Is.EqualTo("private"));
        Assert.That(indexer.GetMethod!.IsVirtual, Is.True);
        Assert.That(parameters.Select(p => p.Name), Is.EqualTo(new[] { "offset", "origin" }));
        Assert.That(parameters[1].DefaultValue, Is.EqualTo(SeekOriginHistory.End));
    }

    [Test]
    public void No_public_type_has_a_POC_or_value_area_member()
    {
        var offending = PublicMirroredTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(m => m.Name.Contains("poc", StringComparison.OrdinalIgnoreCase) || m.Name.Contains("ValueArea", StringComparison.OrdinalIgnoreCase))
            .Select(m => m.DeclaringType!.Name + "." + m.Name);

        Assert.That(offending, Is.Empty);
    }

    [Test]
    public void Volume_analysis_types_expose_exactly_the_spec_members()
    {
        Assert.That(Members(typeof(VolumeAnalysisItem)), Is.EquivalentTo(new[]
        {
            "Trades", "BuyTrades", "SellTrades", "Volume", "BuyVolume", "SellVolume", "MaxOneTradeVolume", "MinDelta", "MaxDelta",
            "FilteredTotalVolume", "FilteredBuyVolume", "FilteredSellVolume", "Delta", "DeltaPercent", "CumulativeDelta",
            "BuyVolumePercent", "SellVolumePercent", "AverageSize", "AverageBuySize", "AverageSellSize", "DeltaFinish", "GetValue", ".ctor",
        }));
        Assert.That(Members(typeof(VolumeAnalysisData)), Is.EquivalentTo(new[] { "TimeLeft", "Total", "PriceLevels", "ItemUpdated", "Combine", ".ctor" }));
        Assert.That(Members(typeof(VolumeAnalysisManager)), Is.EquivalentTo(new[] { "CalculateProfile", "CalculateProfile" }));
        Assert.That(Members(typeof(VolumeAnalysisMetadata)), Is.EquivalentTo(new[] { "VolumeAnalysisAvailability", "GetAllowedPeriods", ".ctor" }));
        Assert.That(typeof(VolumeAnalysisAvailability).Namespace, Is.EqualTo("TradingPlatform.BusinessLayer.Integration"));
    }

    [Test]
    public void Managers_expose_exactly_the_spec_members()
    {
        Assert.That(Members(typeof(ConnectionsManager)), Is.EquivalentTo(new[] { "All", "Connected", "Item", "ConnectionAdded", "ConnectionRemoved", "ConnectionStateChanged" }));
        Assert.That(Members(typeof(StrategyManager)), Is.EquivalentTo(new[] { "Created", "StrategyStateChanged", "StrategyCreated", "StrategyRemoved", "RestoreStateAfterShutdown" }));
        Assert.That(Members(typeof(TimeUtils)), Is.EquivalentTo(new[]
        {
            "DateTimeUtcNow", "ServerTimeOffset", "SelectedTimeZone", "StartTerminalDateTimeUtc", "ConvertFromUTCToSelectedTimeZone",
            "ConvertFromSelectedTimeZoneToUTC", "UNIX_START_TIME_TICKS",
        }));
    }

    [Test]
    public void Key_methods_keep_their_parameter_names_and_defaults()
    {
        AssertSignature(typeof(Core), nameof(Core.PlaceOrders), ("requests", null, false), ("groupOrderType", GroupOrderType.None, true));
        AssertSignature(typeof(Core), nameof(Core.ClosePosition), ("position", null, false), ("closeQuantity", -1.0, true));
        AssertSignature(typeof(Core), nameof(Core.CancelOrder), ("order", null, false), ("sendingSource", null, true));
        AssertSignature(typeof(Core), nameof(Core.GetOrderById), ("orderId", null, false), ("connectionId", null, true));
        AssertSignature(typeof(Core), nameof(Core.SendCustomRequest), ("connectionId", null, false), ("parameters", null, false));
        AssertSignature(typeof(Position), nameof(Position.Close), ("closeQuantity", -1.0, true));
        AssertSignature(typeof(Symbol), nameof(Symbol.FormatQuantity), ("quantity", null, false), ("inLots", true, true), ("abbreviate", false, true));
        AssertSignature(typeof(Symbol), nameof(Symbol.RoundPriceToTickSize), ("price", null, false), ("tickSize", double.NaN, true));
        AssertSignature(typeof(SlTpHolder), nameof(SlTpHolder.CreateTP), ("price", null, false), ("priceMeasurement", PriceMeasurement.Absolute, true), ("quantity", double.NaN, true), ("quantityPercentage", double.NaN, true));
        AssertSignature(typeof(Period), nameof(Period.TryParse), ("value", null, false), ("period", null, false));
        AssertSignature(typeof(Strategy), nameof(Strategy.GetLogs), ("from", null, false), ("to", null, false));

        var attribute = typeof(InputParameterAttribute).GetConstructors().Single().GetParameters();
        Assert.That(attribute.Select(p => (p.Name, p.DefaultValue)), Is.EqualTo(new (string?, object?)[]
        {
            ("name", ""), ("sortIndex", 0), ("minimum", -2147483648.0), ("maximum", 2147483647.0), ("increment", 0.01), ("decimalPlaces", 2), ("variants", null),
        }));
        var historyOverloads = typeof(Symbol).GetMethods().Where(m => m.Name == nameof(Symbol.GetHistory)).Select(m => string.Join(",", m.GetParameters().Select(p => p.Name)));
        Assert.That(historyOverloads, Is.EquivalentTo(new[] { "period,fromTime,toTime", "period,historyType,fromTime,toTime", "aggregation,fromTime,toTime", "historyRequestParameters" }));
    }

    [Test]
    public void Strategy_hooks_have_the_spec_accessibility()
    {
        var log = typeof(Strategy).GetMethod("Log", BindingFlags.NonPublic | BindingFlags.Instance)!;
        Assert.That(log.IsFamilyOrAssembly && !log.IsVirtual, Is.True, "Log is protected internal and not virtual");
        Assert.That(log.GetParameters()[1].DefaultValue, Is.EqualTo(StrategyLoggingLevel.Info));

        var onGetMetrics = typeof(Strategy).GetMethod("OnGetMetrics", BindingFlags.NonPublic | BindingFlags.Instance)!;
        Assert.That(onGetMetrics.IsFamily && onGetMetrics.IsVirtual, Is.True);
        Assert.That(onGetMetrics.GetCustomAttribute<ObsoleteAttribute>()!.Message, Is.EqualTo("Use OnInitializeMetrics() method to initialize System.Diagnostics.Metrics"));

        foreach (var hook in new[] { "OnCreated", "OnRun", "OnStop", "OnRemove" })
        {
            var method = typeof(Strategy).GetMethod(hook, BindingFlags.NonPublic | BindingFlags.Instance)!;
            Assert.That(method.IsFamily && method.IsVirtual, Is.True, hook);
        }

        var core = typeof(ExecutionEntity).GetProperty("Core", BindingFlags.NonPublic | BindingFlags.Static)!;
        Assert.That(core.GetMethod!.IsFamily, Is.True);
    }

    [Test]
    public void Types_keep_their_kinds_bases_and_constructors()
    {
        Assert.That(typeof(Period).IsValueType, Is.True);
        Assert.That(typeof(Strategy).IsAbstract && typeof(Strategy).BaseType == typeof(ExecutionEntity), Is.True);
        Assert.That(typeof(Strategy).GetInterfaces(), Is.SupersetOf(new[] { typeof(IXElementSerialization), typeof(IConnectionStateDependent), typeof(IDisposable), typeof(ICustomizable) }));
        Assert.That(new[] { typeof(TimeUtils), typeof(Connection), typeof(ConnectionsManager), typeof(StrategyManager), typeof(SlTpHolder), typeof(TradingOperationResult) }, Has.All.Matches<Type>(t => t.IsSealed));
        Assert.That(typeof(StrategyManager).BaseType, Is.EqualTo(typeof(ScriptManager<StrategyInfo, Strategy>)));
        Assert.That(typeof(ClosedPosition).BaseType, Is.EqualTo(typeof(Position)));
        Assert.That(typeof(OrderHistory).BaseType, Is.EqualTo(typeof(Order)));
        Assert.That(typeof(Order).GetInterfaces(), Is.SupersetOf(new[] { typeof(IOrder), typeof(IEquatable<Order>), typeof(IMessageBuilder<MessageOpenOrder>) }));
        Assert.That(typeof(HistoricalData).GetInterfaces(), Is.SupersetOf(new[] { typeof(IEnumerable<IHistoryItem>), typeof(IIndicatorsCollection), typeof(IDisposable) }));
        Assert.That(typeof(LoggingLevel).IsDefined(typeof(FlagsAttribute)) && typeof(OrderTypeUsage).IsDefined(typeof(FlagsAttribute)), Is.True);

        foreach (var type in new[] { typeof(Core), typeof(Connection), typeof(Order), typeof(Position), typeof(ClosedPosition), typeof(SlTpHolder), typeof(ConnectionStateChangedEventArgs) })
        {
            Assert.That(type.GetConstructors(), Is.Empty, type.Name + " has no public constructor");
        }

        Assert.That(typeof(OrderHistory).GetConstructors().Single().GetParameters().Single().Name, Is.EqualTo("connectionId"));
        Assert.That(typeof(Trade).GetConstructors().Single().GetParameters().Single().Name, Is.EqualTo("connectionId"));
        Assert.That(typeof(PnLItem).GetConstructor(Type.EmptyTypes), Is.Not.Null);
        Assert.That(typeof(Account).GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance), Has.All.Matches<ConstructorInfo>(c => c.IsFamilyOrAssembly));
        Assert.That(typeof(HistoricalData).GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance).Single().IsFamilyOrAssembly, Is.True);
    }

    /// <summary>The declarations where the stand-in once differed from TradingPlatform.BusinessLayer 1.142.20.</summary>
    [Test]
    public void Declarations_that_once_drifted_from_the_platform_match_it()
    {
        Assert.That(typeof(Account).GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes), Is.Null);
        Assert.That(typeof(Connection).GetMethod(nameof(Connection.GetTrades))!.GetCustomAttribute<ObsoleteAttribute>()?.Message, Is.EqualTo("Use Core.Instance.GetTrades() instead"));
        var cancel = typeof(Core).GetMethod(nameof(Core.CancelOrder), [typeof(Order), typeof(string)])!;
        Assert.That(cancel.GetCustomAttribute<ObsoleteAttribute>()?.Message, Is.EqualTo("Use CancelOrder(IOrder order) instead"));
        Assert.That(new[] { typeof(ConnectionResult), typeof(MessageOrderHistory), typeof(MessageTrade), typeof(Exchange) }, Has.All.Matches<Type>(t => t.IsSealed));
        Assert.That(typeof(VolumeAnalysisManager).IsSealed, Is.False);

        var message = typeof(IMessageBuilder<>).GetGenericArguments().Single();
        Assert.That(message.GenericParameterAttributes & GenericParameterAttributes.VarianceMask, Is.EqualTo(GenericParameterAttributes.None));
        Assert.That(message.GetGenericParameterConstraints(), Is.EqualTo(new[] { typeof(Message) }));
        var manager = typeof(ScriptManager<,>).GetGenericArguments();
        Assert.That(manager.Select(a => a.Name), Is.EqualTo(new[] { "TInfo", "TEntity" }));
        Assert.That(manager.Select(a => a.GetGenericParameterConstraints().Single()), Is.EqualTo(new[] { typeof(ScriptInfo), typeof(ExecutionEntity) }));

        Assert.That(typeof(HistoricalData).GetMethod(nameof(HistoricalData.GetEnumerator), Type.EmptyTypes)!.ReturnType, Is.EqualTo(typeof(System.Collections.IEnumerator)));
        var indexer = typeof(HistoryItem).GetProperty("Item")!.GetMethod!;
        Assert.That(indexer.IsVirtual && !indexer.IsAbstract, Is.True);
        Assert.That(typeof(OrderType).GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance), Has.None.Matches<ConstructorInfo>(c => c.IsPublic || c.IsFamily || c.IsFamilyOrAssembly));
        Assert.That(typeof(Period).GetMethod(nameof(Period.CompareTo))!.GetParameters().Single().Name, Is.EqualTo("other"));
        Assert.That(typeof(Symbol).GetMethod(nameof(Symbol.CompareTo), [typeof(Symbol)])!.GetParameters().Single().Name, Is.EqualTo("symbol"));
        Assert.That(typeof(ScriptKey).IsValueType, Is.True);
        Assert.That(typeof(TradingPlatform.BusinessLayer.TimeZone).IsValueType && typeof(TradingPlatform.BusinessLayer.TimeZone).IsDefined(typeof(System.Runtime.CompilerServices.IsReadOnlyAttribute)), Is.True);
        Assert.That(typeof(VolumeAnalysisCalculationParameters).GetProperty(nameof(VolumeAnalysisCalculationParameters.CustomStep))!.PropertyType, Is.EqualTo(typeof(int)));
        Assert.That(typeof(VolumeAnalysisCalculationParameters).GetProperty(nameof(VolumeAnalysisCalculationParameters.SessionsContainer))!.PropertyType, Is.EqualTo(typeof(ISessionsContainer)));
    }

    [Test]
    public void Events_have_the_spec_delegate_types()
    {
        Assert.That(typeof(Core).GetEvent(nameof(Core.OrderAdded))!.EventHandlerType, Is.EqualTo(typeof(Action<Order>)));
        Assert.That(typeof(Core).GetEvent(nameof(Core.OrdersHistoryAdded))!.EventHandlerType, Is.EqualTo(typeof(Action<OrderHistory>)));
        Assert.That(typeof(Core).GetEvent(nameof(Core.ClosedPositionAdded))!.EventHandlerType, Is.EqualTo(typeof(Action<ClosedPosition>)));
        Assert.That(typeof(Order).GetEvent(nameof(Order.Updated))!.EventHandlerType, Is.EqualTo(typeof(Action<IOrder>)));
        Assert.That(typeof(Trade).GetEvent(nameof(Trade.Updated))!.EventHandlerType, Is.EqualTo(typeof(Action)));
        Assert.That(typeof(Strategy).GetEvent(nameof(Strategy.NewLog))!.EventHandlerType, Is.EqualTo(typeof(StrategyEventHandler)));
        Assert.That(typeof(ExecutionEntity).GetEvent(nameof(ExecutionEntity.OnDispose))!.EventHandlerType, Is.EqualTo(typeof(Action<ExecutionEntity>)));
        Assert.That(typeof(Connection).GetEvent(nameof(Connection.StateChanged))!.EventHandlerType, Is.EqualTo(typeof(EventHandler<ConnectionStateChangedEventArgs>)));
        Assert.That(typeof(HistoricalData).GetEvent(nameof(HistoricalData.NewHistoryItem))!.EventHandlerType, Is.EqualTo(typeof(HistoryEventHandler)));
        Assert.That(typeof(HistoricalData).GetEvent(nameof(HistoricalData.HistoryItemVolumeAnalysisUpdated))!.EventHandlerType, Is.EqualTo(typeof(Action)));
        Assert.That(typeof(IVolumeAnalysisCalculationProgress).GetEvent("StateChanged")!.EventHandlerType, Is.EqualTo(typeof(EventHandler<VolumeAnalysisTaskEventArgs>)));
    }

    [Test]
    public void Enums_keep_their_members_and_values()
    {
        Assert.That(Values<StrategyState>(), Is.EqualTo(new[] { ("Created", 10), ("Working", 20), ("Stopped", 30), ("Removed", 40), ("WaitingForConnection", 50) }));
        Assert.That(Values<VolumeAnalysisCalculationState>(), Is.EqualTo(new[] { ("None", 0), ("Processing", 4), ("Finished", 16) }));
        Assert.That(Values<LoggingLevel>().Select(v => v.Value), Is.EqualTo(new[] { 1, 2, 4, 8, 16, 32, 64 }));
        Assert.That(Values<ConnectionType>().Select(v => v.Name), Is.EqualTo(new[] { "General", "TradingSimulator", "HistoryPlayer", "Backtester", "Technical" }));
        Assert.That(Values<TimeInForce>().Last(), Is.EqualTo(("ATC", 9)));
        Assert.That(Values<PriceType>().Last(), Is.EqualTo(("QuoteAssetVolume", 21)));
        Assert.That(Values<VolumeAnalysisField>().Last(), Is.EqualTo(("DeltaFinish", 26)));
        Assert.That(Values<OrderTypeUsage>(), Is.EqualTo(new[] { ("Order", 1), ("CloseOrder", 2), ("All", 3) }));
        Assert.That(Values<BasePeriod>().Select(v => v.Name), Is.EqualTo(new[] { "Tick", "Second", "Minute", "Hour", "Day", "Week", "Month", "Year" }));
    }

    [Test]
    public void No_public_mirrored_member_mentions_a_test_control_type()
    {
        static bool IsControl(Type? t) => t != null && (t.Namespace == "TradingPlatform.BusinessLayer.StandIn" || (t.IsGenericType && t.GetGenericArguments().Any(IsControl)) || IsControl(t.GetElementType()));

        var leaks = PublicMirroredTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Select(m => (t, m)))
            .Where(x => x.m switch
            {
                PropertyInfo p => IsControl(p.PropertyType),
                MethodBase b => b.GetParameters().Any(p => IsControl(p.ParameterType)) || (b is MethodInfo mi && IsControl(mi.ReturnType)),
                FieldInfo f => IsControl(f.FieldType),
                _ => false,
            })
            .Select(x => x.t.Name + "." + x.m.Name);

        Assert.That(leaks, Is.Empty);
    }

    private static (string Name, int Value)[] Values<T>()
        where T : struct, Enum =>
        [.. Enum.GetValues<T>().Select(v => (v.ToString(), Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)))];

    private static string[] Members(Type type) =>
        [.. type.GetMembers(Declared)
            .Where(m => m is not MethodInfo { IsSpecialName: true })
            .Select(m => m.Name)];

    private static void AssertSignature(Type type, string method, params (string Name, object? Default, bool Optional)[] expected)
    {
        var candidates = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == method && m.GetParameters().Length == expected.Length)
            .ToList();
        Assert.That(candidates, Has.Count.EqualTo(1), $"{type.Name}.{method}/{expected.Length}");
        var parameters = candidates[0].GetParameters();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.That(parameters[i].Name, Is.EqualTo(expected[i].Name), $"{method} parameter {i}");
            Assert.That(parameters[i].IsOptional, Is.EqualTo(expected[i].Optional), $"{method}.{expected[i].Name} optional");
            if (expected[i].Optional)
            {
                Assert.That(parameters[i].DefaultValue, Is.EqualTo(expected[i].Default), $"{method}.{expected[i].Name} default");
            }
        }
    }

    private static string Accessibility(MethodInfo? setter) => setter switch
    {
        null => "get",
        { IsPublic: true } => "public",
        { IsPrivate: true } => "private",
        { IsAssembly: true } => "internal",
        { IsFamily: true } => "protected",
        { IsFamilyOrAssembly: true } => "protected internal",
        _ => "other",
    };
}
