using System.Text.Json.Nodes;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// One parameter set in one phase (BACKTEST, or FORWARD for live, paper and replay) with its runs and the store's
/// aggregate of them (money summed, pooled trades, worst drawdown), as `recorder compare` reckons it.
/// </summary>
public sealed record InstancePhaseRecord(
    string InstanceId, string? StrategyName, string? InstanceName, JsonNode? Parameters, string? Symbol, string? Timeframe,
    string Phase, IReadOnlyList<string> RunIds, string? Currency, IReadOnlyList<MetricValue> Metrics)
{
    public static IReadOnlyList<InstancePhaseRecord> Of(IRecorderReader reader, string? strategy)
    {
        var rows = new List<InstancePhaseRecord>();
        foreach (var instance in reader.Catalog.Instances(strategy))
        {
            var runs = reader.Runs.List(new RunQuery { InstanceId = instance.InstanceId }).Runs;
            foreach (var phase in runs.GroupBy(r => r.RunType == "BACKTEST" ? "BACKTEST" : "FORWARD").OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var ids = phase.Select(r => r.RunId).ToList();
                rows.Add(new InstancePhaseRecord(instance.InstanceId, instance.StrategyName, instance.InstanceName, JsonText.Parse(instance.ParametersJson),
                    instance.Symbol, instance.Timeframe, phase.Key, ids, RunRecord.CurrencyOf(reader, ids), reader.Performance.Aggregate(ids)));
            }
        }

        return rows;
    }
}
