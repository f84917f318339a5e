using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Cli.Demo;

/// <summary>
/// WIRING: interim. Maps the demo script to recorder events and feeds them to <see cref="RecorderSession"/>, the
/// same pipeline the plugin uses (validation, sequencing, OCO roles, position impact inference). When
/// Recorder.Plugin's RunRecorder lands, a StandInDemoRecorder should drive the stand-in platform with the same
/// <see cref="DemoRunPlan"/>s instead (bars pushed to history, orders/trades raised through Core events) and
/// replace this class as the default in <see cref="CliEnvironment"/>.
/// </summary>
internal sealed class SessionDemoRecorder : IDemoRecorder
{
    public IReadOnlyList<DemoRecordedRun> Record(string databasePath, IReadOnlyList<DemoRunPlan> plans, TimeProvider time,
        IProgress<(long Done, long Total)> progress)
    {
        long total = plans.Sum(p => p.Steps.Count), done = 0;
        var recorded = new List<DemoRecordedRun>();
        using var session = RecorderSession.Open(databasePath, new RecorderOptions { Time = time });
        foreach (var plan in plans)
        {
            var before = session.Counters;
            var runId = Identities.NewRunId(time);
            foreach (var e in Events(plan, runId))
            {
                session.Record(e);
                if (e is not (StrategyDefined or InstanceDefined or RunStarted or SeriesDefined or RunEnded or RunProgress or OcoLinkAdded))
                {
                    if (++done % 500 == 0)
                    {
                        progress.Report((done, total));
                    }
                }
            }

            var flushed = session.Flush(TimeSpan.FromSeconds(60));
            if (!flushed.Completed)
            {
                throw new CliException($"The recorder could not write the demo run: {flushed.Message}", ExitCodes.Database);
            }

            var after = session.Counters;
            recorded.Add(new DemoRecordedRun(runId, plan, after.Committed - before.Committed, after.Quarantined - before.Quarantined));
        }

        progress.Report((total, total));
        var closed = session.Close(TimeSpan.FromSeconds(60));
        if (!closed.Completed)
        {
            throw new CliException($"The recorder could not finish writing the demo: {closed.Message}", ExitCodes.Database);
        }

        return recorded;
    }

    public static IEnumerable<RecorderEvent> Events(DemoRunPlan plan, string runId)
    {
        var source = plan.RunType;
        var strategyId = Identities.StrategyId(plan.StrategyName, plan.StrategyVersion, plan.Vendor);
        var configHash = Identities.ConfigHash(plan.Parameters, [plan.Symbol], plan.Timeframe, plan.Account);
        var instanceId = Identities.InstanceId(strategyId, configHash);
        var seriesId = Identities.SeriesId(runId, plan.Symbol, plan.Timeframe);
        var start = plan.StartUtc;
        yield return new StrategyDefined
        {
            RunId = runId, EventUtc = start, Source = source, StrategyId = strategyId, Name = plan.StrategyName,
            Version = plan.StrategyVersion, Vendor = plan.Vendor, SourceRef = "Recorder.Cli/Demo/DemoStrategy.cs",
        };
        yield return new InstanceDefined
        {
            RunId = runId, EventUtc = start, Source = source, InstanceId = instanceId, StrategyId = strategyId,
            InstanceName = plan.InstanceName, ParametersJson = CanonicalJson.Parameters(plan.Parameters), Symbol = plan.Symbol,
            Timeframe = plan.Timeframe, AccountId = plan.Account, Venue = plan.Venue, ConfigHash = configHash,
        };
        yield return new RunStarted
        {
            RunId = runId, EventUtc = start, Source = source, InstanceId = instanceId, EngineVersion = "stand-in platform (demo)",
            DataSource = plan.DataSource, InitialBalance = plan.InitialBalance, BaseCurrency = plan.Currency,
        };
        yield return new SeriesDefined
        {
            RunId = runId, EventUtc = start, Source = source, SeriesId = seriesId, Symbol = plan.Symbol,
            Timeframe = plan.Timeframe, SourceName = plan.DataSource, HasVolumetric = true,
        };
        var bars = plan.Steps.Count(s => s is DemoBar);
        var barsSeen = 0;
        foreach (var step in plan.Steps)
        {
            switch (step)
            {
                case DemoBar bar:
                    yield return Bar(bar, runId, seriesId, source);
                    if (++barsSeen % 500 == 0 && source == RunSource.Backtest)
                    {
                        yield return new RunProgress { RunId = runId, EventUtc = bar.TimeUtc, Source = source, ProcessedCount = barsSeen, TotalCount = bars };
                    }

                    break;
                case DemoOrder order:
                    yield return new OrderSnapshot
                    {
                        RunId = runId, EventUtc = order.TimeUtc, Source = source, OrderId = order.OrderId,
                        ParentOrderId = order.ParentOrderId, StrategyId = strategyId, Symbol = plan.Symbol,
                        AccountId = plan.Account, Side = order.Side, OrderType = order.Type, TimeInForce = "GTC",
                        Quantity = order.Quantity, Price = order.Price, StopPrice = order.StopPrice, Status = order.Status,
                        SubmitUtc = order.SubmitUtc, FilledQuantity = order.FilledQuantity,
                        AverageFillPrice = order.AverageFillPrice, ClientTag = order.Tag,
                    };
                    break;
                case DemoFill fill:
                    yield return new ExecutionRecorded
                    {
                        RunId = runId, EventUtc = fill.TimeUtc, Source = source, ExecutionId = fill.ExecutionId,
                        OrderId = fill.OrderId, Symbol = plan.Symbol, AccountId = plan.Account, Side = fill.Side,
                        Price = fill.Price, Quantity = fill.Quantity, Fee = fill.Fee, FeeCurrency = plan.Currency, Liquidity = "TAKER",
                    };
                    break;
                case DemoOcoGroup group:
                    var groupId = Identities.OcoGroupId(runId, group.GroupKey);
                    yield return new OcoGroupDefined { RunId = runId, EventUtc = group.TimeUtc, Source = source, OcoGroupId = groupId, Label = group.Label };
                    foreach (var (orderId, role) in group.Members)
                    {
                        yield return new OcoLinkAdded { RunId = runId, EventUtc = group.TimeUtc, Source = source, OcoGroupId = groupId, OrderId = orderId, Role = role };
                    }

                    break;
            }
        }

        yield return new RunEnded { RunId = runId, EventUtc = plan.EndUtc, Source = source, Status = RunStatus.Completed };
    }

    private static BarRecorded Bar(DemoBar bar, string runId, string seriesId, RunSource source) => new()
    {
        RunId = runId, EventUtc = bar.TimeUtc, Source = source, SeriesId = seriesId, OpenUtc = bar.OpenUtc,
        Open = bar.Open, High = bar.High, Low = bar.Low, Close = bar.Close, Volume = bar.Volume,
        VolumetricJson = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $$"""{"buy_volume":{{bar.BuyVolume}},"sell_volume":{{bar.SellVolume}},"delta":{{Math.Round(bar.BuyVolume - bar.SellVolume, 3)}},"trades":{{bar.Trades}},"poc":{{bar.PointOfControl}}}"""),
    };
}
