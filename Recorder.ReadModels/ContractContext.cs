using System.Text.Json.Serialization;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// Serialization code generated at build time for the records a command prints most: a one-shot `recorder runs --json`
/// does not pay for reflecting over them at start. Other types fall back to reflection under the same options.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(IReadOnlyList<RunRecord>))]
[JsonSerializable(typeof(RunDetailRecord))]
[JsonSerializable(typeof(IReadOnlyList<StrategyRecord>))]
[JsonSerializable(typeof(IReadOnlyList<InstanceRecord>))]
[JsonSerializable(typeof(IReadOnlyList<ExecutionRow>))]
[JsonSerializable(typeof(IReadOnlyList<BarRow>))]
[JsonSerializable(typeof(IReadOnlyList<TradeRow>))]
[JsonSerializable(typeof(IReadOnlyList<OrderRow>))]
internal sealed partial class ContractContext : JsonSerializerContext;
