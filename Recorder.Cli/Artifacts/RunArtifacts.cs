using System.Reflection;
using System.Text.Json;
using QuantowerRecorder.Artifacts;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Artifacts;

/// <summary>
/// One run's artifact folder (seed 003's layout): summary.json, metrics.json and validation_summary.json in the JSON
/// contract, equity, drawdown, trades, bars and fills as Parquet, then manifest.json.
/// </summary>
internal static class RunArtifacts
{
    // docs/metrics.md, "Is the edge real?": the statistics a validation summary holds.
    private static readonly HashSet<string> ValidationKeys = new(StringComparer.Ordinal)
    {
        "validation_trades", "validation_samples", "sign_flip_p_value", "bootstrap_block_length", "bootstrap_total_return_lo",
        "bootstrap_total_return_hi", "bootstrap_total_return_pct_lo", "bootstrap_total_return_pct_hi", "mc_final_equity_p5",
        "mc_final_equity_p50", "mc_final_equity_p95", "mc_max_drawdown_p5", "mc_max_drawdown_p50", "mc_max_drawdown_p95",
        "deflated_sharpe", "deflated_sharpe_threshold",
    };

    public static string RecorderVersion { get; } =
        typeof(RunArtifacts).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static Task<ArtifactFolder.Written> WriteAsync(IRecorderReader reader, string runId, string folder, TimeProvider time)
    {
        var detail = RunDetailRecord.Of(reader, runId) ?? throw new CliException($"No run {runId}.");
        var summary = RunRecord.Of(reader, [reader.Runs.Get(runId)!])[0];
        var equity = RunTables.Read(reader, "equity", runId);
        var files = new List<ArtifactContent>
        {
            Json("summary.json", summary),
            Json("metrics.json", detail.Metrics),
            Parquet("equity.parquet", () => [RunTables.Select(equity, "seq", "ts_utc", "equity", "currency")]),
            Parquet("drawdown.parquet", () => [RunTables.Select(equity, "seq", "ts_utc", "drawdown", "drawdown_pct", "currency")]),
            Parquet("trades.parquet", () => RunTables.Batches(reader, "trades", runId)),
            Parquet("bars.parquet", () => RunTables.Batches(reader, "bars", runId)),
            Parquet("fills.parquet", () => RunTables.Batches(reader, "executions", runId)),
        };
        // A run has a validation summary once the statistics were computed (enough trades: validation_samples given).
        if (detail.Metrics.Any(m => m.Key == "validation_samples" && m.Value is not null))
        {
            files.Add(Json("validation_summary.json", detail.Metrics.Where(m => ValidationKeys.Contains(m.Key)).ToList()));
        }

        var configHash = reader.Catalog.Instance(detail.InstanceId)?.ConfigHash;
        var createdAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        return ArtifactFolder.WriteAsync(folder, files, entries => new ArtifactManifest(runId, createdAt, configHash, RecorderVersion, entries), Serialize);
    }

    public static byte[] Serialize(ArtifactManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, ContractJson.Options);

    public static ArtifactManifest? Parse(byte[] bytes) => JsonSerializer.Deserialize<ArtifactManifest>(bytes, ContractJson.Options);

    private static ArtifactContent Json<T>(string name, T value) =>
        new(name, ArtifactContent.Json, (stream, cancel) => stream.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(value, ContractJson.Options), cancel).AsTask());

    private static ArtifactContent Parquet(string name, Func<IEnumerable<StoredTable>> rows) =>
        new(name, ArtifactContent.Parquet, (stream, cancel) => ParquetTable.WriteAsync(rows(), stream, cancel));
}
