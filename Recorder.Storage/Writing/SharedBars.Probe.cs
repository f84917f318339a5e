using System.Text.Json;
using Dapper;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>Looking for a series that already holds a bar (<see cref="SharedBars"/>).</summary>
internal sealed partial class SharedBars
{
    // The newest series first: the likeliest to hold the same bars (the pass before). A candidate's bar counts once it
    // is final: its run ended (or ends in this batch), or another bar follows it.
    private const string ProbeSql = """
        SELECT rs.series_id, r.status, r.run_id FROM run_series rs
        JOIN strategy_runs r ON r.run_id = rs.run_id
        JOIN bar_data d ON d.series_id = rs.series_id AND d.ts_utc = $at
        WHERE rs.symbol = $symbol AND rs.timeframe = $timeframe AND rs.source IS $source AND rs.series_id <> $seriesId
          AND d.open = $open AND d.high = $high AND d.low = $low AND d.close = $close
          AND d.volume IS $volume AND d.volumetric_json IS $volumetricJson
          AND (r.status <> 'RUNNING' OR r.run_id IN (SELECT value FROM json_each($endedRuns))
               OR EXISTS (SELECT 1 FROM bar_data n WHERE n.series_id = rs.series_id AND n.ts_utc > $at))
        ORDER BY rs.rowid DESC LIMIT 1
        """;

    private readonly Dictionary<string, (string Symbol, string Timeframe, string? Source)> keys = new(StringComparer.Ordinal);

    // Prepared once for the connection's life: a probe comes every few dozen bars of a series whose bars are its own,
    // and compiling this statement each time cost more than running it (121 µs a probe at 1M events).
    private NamedStatement<Match>? probe;
    private string? endedJson;

    private enum Match
    {
        At,
        Symbol,
        Timeframe,
        Source,
        SeriesId,
        Open,
        High,
        Low,
        Close,
        Volume,
        VolumetricJson,
        EndedRuns,
    }

    public void Dispose() => probe?.Dispose();

    private (string Series, bool Running)? Probe(BarRecorded b, DateTime openUtc)
    {
        if (!keys.TryGetValue(b.SeriesId, out var key))
        {
            key = connection.QueryFirst<(string, string, string?)>(
                "SELECT symbol, timeframe, source FROM run_series WHERE series_id = @SeriesId", new { b.SeriesId });
            keys[b.SeriesId] = key;
        }

        probe ??= new NamedStatement<Match>(connection, ProbeSql);
        probe.Time(Match.At, openUtc).Text(Match.Symbol, key.Symbol).Text(Match.Timeframe, key.Timeframe)
            .Text(Match.Source, key.Source).Text(Match.SeriesId, b.SeriesId)
            .Real(Match.Open, b.Open).Real(Match.High, b.High).Real(Match.Low, b.Low).Real(Match.Close, b.Close)
            .Real(Match.Volume, b.Volume).Text(Match.VolumetricJson, b.VolumetricJson)
            .Text(Match.EndedRuns, endedJson ??= JsonSerializer.Serialize(ended));
        if (!probe.Next())
        {
            return null;
        }

        // Reset whatever happens while the row is read: the statement lives as long as the connection.
        try
        {
            var row = probe.Row;
            return (row.GetString(0)!, row.GetString(1) == StoredText.Status(RunStatus.Running) && !ended.Contains(row.GetString(2)!));
        }
        finally
        {
            probe.Reset();
        }
    }
}
