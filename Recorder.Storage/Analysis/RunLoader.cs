using System.Globalization;
using Dapper;
using System.Data.Common;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// Reads one run's executions, orders and bars into the analyser's input: from a SQLite file, or from the team store
/// through the read API (the same SQL; the dialect says how a JSON field is read).
/// </summary>
internal static class RunLoader
{
    public static RunInput Load(DbConnection connection, string runId, ReadDialect? dialect = null)
    {
        dialect ??= ReadDialect.Sqlite;
        var run = connection.QueryFirstOrDefault<(string StartUtc, string? EndUtc, double? InitialBalance, string Status)>(
            "SELECT start_utc, end_utc, initial_balance, status FROM strategy_runs WHERE run_id = @runId", new { runId });
        if (run.StartUtc is null)
        {
            throw new KeyNotFoundException($"no run {runId}");
        }

        var fills = new List<Fill>();
        foreach (var x in connection.Query<(string Id, string Order, string? Symbol, string? Account, string? Side,
                     double Quantity, double Price, double? Fee, string Time, string Impact)>(
                     """
                     SELECT execution_id, order_id, symbol, account_id, side, quantity, price, fee, exec_utc, position_impact
                     FROM executions WHERE run_id = @runId ORDER BY exec_utc, id
                     """, new { runId }, buffered: false))
        {
            if (InputCodes.ParseSide(x.Side) is not { } side)
            {
                continue; // a version-1 fill whose order never arrived: no side, nothing to build a trade from
            }

            fills.Add(new Fill(x.Id, x.Order, x.Symbol ?? string.Empty, x.Account ?? string.Empty, side, x.Quantity, x.Price,
                x.Fee ?? 0, Timestamps.Parse(x.Time), InputCodes.ParsePositionImpact(x.Impact)));
        }

        var initialStops = InitialStops(connection, runId, dialect);
        var orders = new List<OrderInfo>();
        foreach (var o in connection.Query<(string Id, string Symbol, string? Account, string Side, string Type, double Quantity,
                     string Status, string Submit, string? Update, double? Price, double? Stop, string? Tag, string? Parent,
                     string? Role, string? Group)>(
                     """
                     SELECT o.order_id, o.symbol, o.account_id, o.side, o.order_type, o.quantity, o.status, o.submit_utc,
                            o.update_utc, o.price, o.stop_price, o.client_tag, o.parent_order_id,
                            (SELECT l.oco_role FROM order_oco_links l WHERE l.run_id = o.run_id AND l.order_id = o.order_id ORDER BY l.id LIMIT 1),
                            (SELECT l.oco_group_id FROM order_oco_links l WHERE l.run_id = o.run_id AND l.order_id = o.order_id ORDER BY l.id LIMIT 1)
                     FROM orders o WHERE o.run_id = @runId ORDER BY o.id
                     """, new { runId }, buffered: false))
        {
            if (InputCodes.ParseSide(o.Side) is not { } side)
            {
                continue;
            }

            orders.Add(new OrderInfo(o.Id, o.Symbol, side, InputCodes.ParseOrderType(o.Type), o.Quantity,
                InputCodes.ParseOrderStatus(o.Status), Timestamps.Parse(o.Submit))
            {
                Account = o.Account ?? string.Empty,
                LimitPrice = o.Price,
                StopPrice = o.Stop,
                InitialStopPrice = initialStops.GetValueOrDefault(o.Id),
                LastUpdateUtc = o.Update is null ? null : Timestamps.Parse(o.Update),
                ClientTag = o.Tag,
                OcoRole = InputCodes.ParseOcoRole(o.Role),
                OcoGroupId = o.Group,
                ParentOrderId = o.Parent,
            });
        }

        var bars = new List<BarSeries>();
        foreach (var (seriesId, symbol, timeframe) in connection.Query<(string, string, string)>(
                     "SELECT series_id, symbol, timeframe FROM run_series WHERE run_id = @runId ORDER BY series_id", new { runId }).ToList())
        {
            var list = connection.Query<(string Ts, double O, double H, double L, double C, double? V)>(
                    "SELECT ts_utc, open, high, low, close, volume FROM bars WHERE series_id = @seriesId ORDER BY ts_utc",
                    new { seriesId }, buffered: false)
                .Select(b => new Bar(Timestamps.Parse(b.Ts), b.O, b.H, b.L, b.C, b.V ?? 0))
                .ToList();
            bars.Add(new BarSeries(symbol, list) { BarDuration = Timeframes.Duration(timeframe) });
        }

        var context = new RunContext
        {
            InitialBalance = run.InitialBalance,
            StartUtc = Timestamps.Parse(run.StartUtc),
            // An ABANDONED run's end_utc is when the crash was found, not when trading stopped: like a run without
            // RUN_ENDED, it ends at its last fill or bar end (docs/metrics.md, "End of a run").
            EndUtc = run.EndUtc is null || run.Status == "ABANDONED" ? null : Timestamps.Parse(run.EndUtc),
            Symbols = Instruments(connection, runId),
        };
        return new RunInput(fills, orders, bars, context);
    }

    /// <summary>The run's instruments (run_instruments) as the analyser's per-symbol specs.</summary>
    private static Dictionary<string, SymbolSpec> Instruments(DbConnection connection, string runId) =>
        connection.Query<(string Symbol, double? TickSize, double? TickValue, double? PointValue, string? Currency)>(
                "SELECT symbol, tick_size, tick_value, point_value, currency FROM run_instruments WHERE run_id = @runId",
                new { runId })
            .ToDictionary(r => r.Symbol, r => new SymbolSpec
            {
                TickSize = r.TickSize, TickValue = r.TickValue, PointValue = r.PointValue, Currency = r.Currency,
            }, StringComparer.Ordinal);

    /// <summary>
    /// The stop price each order had in its first snapshot: orders keep only the newest, and R multiples need the
    /// stop that was active at entry. Only stop orders are looked up in the raw log. json_extract gives INTEGER for
    /// a whole-number price and REAL otherwise, hence the cast. In the team store the rows' ids are the team's own, so
    /// events are taken in their run's sequence.
    /// </summary>
    private static Dictionary<string, double> InitialStops(DbConnection connection, string runId, ReadDialect dialect)
    {
        var stops = new Dictionary<string, double>(StringComparer.Ordinal);
        var hasStops = connection.ExecuteScalar<long>(
            "SELECT CASE WHEN EXISTS(SELECT 1 FROM orders WHERE run_id = @runId AND stop_price IS NOT NULL) THEN 1 ELSE 0 END", new { runId }) != 0;
        if (!hasStops)
        {
            return stops;
        }

        foreach (var (orderId, stop) in connection.Query<(string, double)>(
                     $"""
                     SELECT {dialect.JsonField("payload_json", "order_id")}, {dialect.JsonNumber("payload_json", "stop_price")}
                     FROM ingest_events
                     WHERE run_id = @runId AND event_type = 'ORDER' AND {dialect.JsonField("payload_json", "stop_price")} IS NOT NULL
                     ORDER BY {(dialect.IsSqlite ? "id" : "sequence, id")}
                     """, new { runId }, buffered: false))
        {
            stops.TryAdd(orderId, stop);
        }

        return stops;
    }
}

/// <summary>Durations of timeframe labels as the recorder writes them ("1m", "5m", "1H", "1D", "30s").</summary>
internal static class Timeframes
{
    public static TimeSpan? Duration(string? timeframe)
    {
        if (string.IsNullOrWhiteSpace(timeframe))
        {
            return null;
        }

        var text = timeframe.Trim();
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits == 0 || !int.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return null;
        }

        var unit = text[digits..].Trim();
        return unit switch
        {
            "s" or "sec" => TimeSpan.FromSeconds(n),
            "m" or "min" => TimeSpan.FromMinutes(n),
            "H" or "h" or "hour" => TimeSpan.FromHours(n),
            "D" or "d" or "day" => TimeSpan.FromDays(n),
            "W" or "w" => TimeSpan.FromDays(7 * n),
            _ => null,
        };
    }
}
