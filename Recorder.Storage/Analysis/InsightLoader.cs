using System.Data.Common;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>Reads what the stored insight needs beyond the analysis input: decision marks, volumetric bars, stop history.</summary>
internal static class InsightLoader
{
    /// <summary>
    /// The decision each order was tied to (order_decisions.order_id), by order id; of two marks tying one order the
    /// later one counts. Also the decision ids, for the stored rows.
    /// </summary>
    public static (Dictionary<string, DecisionMark> Marks, Dictionary<string, string> Ids) Decisions(DbConnection connection, string runId)
    {
        var marks = new Dictionary<string, DecisionMark>(StringComparer.Ordinal);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = connection.Reader("""
            SELECT decision_id, decided_utc, side, quantity, price, order_id FROM order_decisions
            WHERE run_id = @runId AND order_id IS NOT NULL ORDER BY decided_utc, decision_id
            """, new { runId });
        while (reader.Read())
        {
            if (StoredText.ParseSide(reader.GetString(2)) is { } side)
            {
                var orderId = reader.GetString(5);
                marks[orderId] = new DecisionMark(Timestamps.Parse(reader.GetString(1)), reader.GetDouble(4), side, reader.GetDouble(3));
                ids[orderId] = reader.GetString(0);
            }
        }

        return (marks, ids);
    }

    /// <summary>The run's volumetric bars per series (only series that carry them are read); unreadable JSON becomes a note.</summary>
    public static List<VolumetricSeries> Volumetric(DbConnection connection, string runId, List<AnalysisNote> notes)
    {
        var result = new List<VolumetricSeries>();
        var bad = 0;
        string? firstError = null;
        // Read whole first: each series' bars are read while the list is walked.
        var carrying = connection.ReadRows("SELECT series_id, symbol, timeframe FROM run_series WHERE run_id = @runId AND has_volumetric = 1 ORDER BY series_id",
            new { runId }, r => (SeriesId: r.GetString(0), Symbol: r.GetString(1), Timeframe: r.GetString(2)));
        foreach (var (seriesId, symbol, timeframe) in carrying)
        {
            var bars = new List<VolumetricBar>();
            using var reader = connection.Reader(
                "SELECT ts_utc, volumetric_json FROM bars WHERE series_id = @seriesId AND volumetric_json IS NOT NULL ORDER BY ts_utc", new { seriesId });
            while (reader.Read())
            {
                var (bar, error) = VolumetricParser.Parse(Timestamps.Parse(reader.GetString(0)), reader.GetString(1));
                if (bar is not null)
                {
                    bars.Add(bar);
                }
                else if (error is not null)
                {
                    bad++;
                    firstError ??= error;
                }
            }

            result.Add(new VolumetricSeries(symbol, bars) { BarDuration = Timeframes.Duration(timeframe) });
        }

        if (bad > 0)
        {
            notes.Add(new AnalysisNote("order_flow", $"{bad} bar(s) with unreadable volumetric data were left out ({firstError})"));
        }

        return result;
    }

    /// <summary>
    /// Every recorded state of the run's stop-loss orders (OCO role SL) from the raw log: how far and how often a stop
    /// was moved. json_extract gives INTEGER for a whole-number price, hence the casts. In the team store the rows' ids
    /// are the team's own, so events are taken in their run's sequence.
    /// </summary>
    public static List<OrderPriceState> StopHistory(DbConnection connection, string runId, ReadDialect dialect) =>
        connection.ReadRows($"""
            SELECT {dialect.JsonField("payload_json", "order_id")}, event_utc,
                   {dialect.JsonNumber("payload_json", "stop_price")}, {dialect.JsonNumber("payload_json", "price")}
            FROM ingest_events
            WHERE run_id = @runId AND event_type = 'ORDER'
              AND {dialect.JsonField("payload_json", "order_id")} IN
                  (SELECT order_id FROM order_oco_links WHERE run_id = @runId AND oco_role = 'SL')
            ORDER BY {(dialect.IsSqlite ? "id" : "sequence, id")}
            """, new { runId }, r => new OrderPriceState(r.GetString(0), Timestamps.Parse(r.GetString(1)), RunLoader.Real(r, 2), RunLoader.Real(r, 3)));
}
