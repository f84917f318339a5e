using System.Data;
using System.Data.Common;
using System.Globalization;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// Reads one run's executions, orders and bars into the analyser's input: from a file, or from the team store through
/// the read API (the same SQL over ADO.NET; the dialect says how a JSON field is read).
/// </summary>
internal static partial class RunLoader
{
    /// <param name="bars">The run's bars read elsewhere meanwhile (<see cref="Bars"/> on a connection of its own), or null
    /// to read them here.</param>
    public static RunInput Load(DbConnection connection, string runId, ReadDialect? dialect = null, Task<List<BarSeries>>? bars = null)
    {
        dialect ??= ReadDialect.Sqlite;
        var context = Context(connection, runId);
        var fills = new List<Fill>();
        using (var reader = connection.Reader($"SELECT {FillColumns} FROM executions WHERE run_id = @key ORDER BY exec_utc, id", new { key = runId }))
        {
            while (reader.Read())
            {
                if (ReadFill(reader, 0) is { } fill)
                {
                    fills.Add(fill);
                }
            }
        }

        var (orders, hasPrices) = Orders(connection, runId);
        if (hasPrices)
        {
            // Only runs with priced orders look in the raw log for the prices each order had first; an order the raw log
            // has no price for keeps none (its stored price is then taken).
            var (limits, stops) = (new Dictionary<string, double>(StringComparer.Ordinal), new Dictionary<string, double>(StringComparer.Ordinal));
            InitialPrices(connection, runId, dialect, limits, stops);
            WithInitialPrices(orders, limits, stops);
        }

        return new RunInput(fills, orders, bars?.GetAwaiter().GetResult() ?? Bars(connection, runId), context);
    }

    /// <summary>The columns <see cref="ReadFill"/> reads, in its order.</summary>
    internal const string FillColumns = "execution_id, order_id, symbol, account_id, side, quantity, price, fee, exec_utc, position_impact";

    /// <summary>
    /// A fill from <see cref="FillColumns"/> at <paramref name="first"/> on; null for a version-1 fill whose order never
    /// arrived (no side, nothing to build a trade from). Typed reads by ordinal into the analysis' own types, no tuple in
    /// between: hundreds of thousands of rows, and mapping through boxed values cost more than the reading itself (the
    /// analyze benchmark's plain read is the yardstick).
    /// </summary>
    internal static Fill? ReadFill(IDataReader reader, int first)
    {
        if (StoredText.ParseSide(Text(reader, first + 4)) is not { } side)
        {
            return null;
        }

        // NOT NULL columns are read without asking (schema.sql); the others may be NULL.
        return new Fill(reader.GetString(first), reader.GetString(first + 1), Text(reader, first + 2) ?? string.Empty, Text(reader, first + 3) ?? string.Empty,
            side, reader.GetDouble(first + 5), reader.GetDouble(first + 6), Real(reader, first + 7) ?? 0, Timestamps.Parse(reader.GetString(first + 8)),
            StoredText.ParsePositionImpact(reader.GetString(first + 9)));
    }

    /// <summary>The run's orders in the order they were first stored, their OCO links with them; and whether any has a price.</summary>
    internal static (List<OrderInfo> Orders, bool HasPrices) Orders(DbConnection connection, string runId)
    {
        var links = FirstOcoLinks(connection, runId);
        var orders = new List<OrderInfo>();
        using var reader = connection.Reader($"SELECT {OrderColumns} FROM orders WHERE run_id = @key ORDER BY id", new { key = runId });
        while (reader.Read())
        {
            if (ReadOrder(reader, 0, links) is { } order)
            {
                orders.Add(order);
            }
        }

        return (orders, HasPrices(orders));
    }

    /// <summary>The columns <see cref="ReadOrder"/> reads, in its order.</summary>
    internal const string OrderColumns =
        "order_id, symbol, account_id, side, order_type, quantity, status, submit_utc, update_utc, price, stop_price, client_tag, parent_order_id";

    /// <summary>
    /// An order from <see cref="OrderColumns"/> at <paramref name="first"/> on, with its first OCO link from
    /// <paramref name="links"/>; null for one without a side the analysis knows (left out of it).
    /// </summary>
    internal static OrderInfo? ReadOrder(IDataReader reader, int first, IReadOnlyDictionary<string, (string? Role, string? Group)> links)
    {
        if (StoredText.ParseSide(reader.GetString(first + 3)) is not { } side)
        {
            return null;
        }

        var id = reader.GetString(first);
        var update = Text(reader, first + 8);
        var link = links.GetValueOrDefault(id);
        return new OrderInfo(id, reader.GetString(first + 1), side, StoredText.ParseOrderType(reader.GetString(first + 4)), reader.GetDouble(first + 5),
            StoredText.ParseOrderStatus(reader.GetString(first + 6)), Timestamps.Parse(reader.GetString(first + 7)))
        {
            Account = Text(reader, first + 2) ?? string.Empty,
            LimitPrice = Real(reader, first + 9),
            StopPrice = Real(reader, first + 10),
            LastUpdateUtc = update is null ? null : Timestamps.Parse(update),
            ClientTag = Text(reader, first + 11),
            OcoRole = StoredText.ParseOcoRole(link.Role),
            OcoGroupId = link.Group,
            ParentOrderId = Text(reader, first + 12),
        };
    }

    /// <summary>Whether any order has a limit or stop price now: only then are the first prices looked up (<see cref="Load"/>).</summary>
    internal static bool HasPrices(IEnumerable<OrderInfo> orders) => orders.Any(o => o.LimitPrice is not null || o.StopPrice is not null);

    /// <summary>Each order with the first limit and stop price the raw log has for it (none where it has none).</summary>
    internal static void WithInitialPrices(List<OrderInfo> orders, Dictionary<string, double> limits, Dictionary<string, double> stops)
    {
        for (var i = 0; i < orders.Count; i++)
        {
            var id = orders[i].OrderId;
            orders[i] = orders[i] with
            {
                InitialLimitPrice = limits.TryGetValue(id, out var limit) ? limit : null,
                InitialStopPrice = stops.TryGetValue(id, out var stop) ? stop : null,
            };
        }
    }

    /// <summary>The run's own facts: its start, end and balance, and its instruments.</summary>
    internal static RunContext Context(DbConnection connection, string runId)
    {
        if (connection.ReadRows("SELECT start_utc, end_utc, initial_balance, status FROM strategy_runs WHERE run_id = @runId", new { runId },
                r => new StoredRun(r.GetString(0), Text(r, 1), Real(r, 2), r.GetString(3))) is not [var run])
        {
            throw new KeyNotFoundException($"no run {runId}");
        }

        return new RunContext
        {
            InitialBalance = run.InitialBalance,
            StartUtc = Timestamps.Parse(run.StartUtc),
            // An ABANDONED run's end_utc is when the crash was found, not when trading stopped: like a run without
            // RUN_ENDED, it ends at its last fill or bar end (docs/metrics.md, "End of a run").
            EndUtc = run.EndUtc is null || run.Status == "ABANDONED" ? null : Timestamps.Parse(run.EndUtc),
            Symbols = Instruments(connection, runId),
        };
    }

    /// <summary>
    /// Each order's first OCO link (by insertion), read once for the run rather than looked up per order: an order
    /// in several groups keeps its first role and group, as before.
    /// </summary>
    internal static Dictionary<string, (string? Role, string? Group)> FirstOcoLinks(DbConnection connection, string runId)
    {
        var links = new Dictionary<string, (string? Role, string? Group)>(StringComparer.Ordinal);
        using var reader = connection.Reader("SELECT order_id, oco_role, oco_group_id FROM order_oco_links WHERE run_id = @key ORDER BY id", new { key = runId });
        while (reader.Read())
        {
            links.TryAdd(Text(reader, 0)!, (Text(reader, 1), Text(reader, 2)));
        }

        return links;
    }

    private static string? Text(IDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    /// <summary>A number column that may be NULL, read by ordinal from either store.</summary>
    internal static double? Real(IDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDouble(column);

    /// <summary>The run's instruments (run_instruments) as the analyser's per-symbol specs.</summary>
    private static Dictionary<string, SymbolSpec> Instruments(DbConnection connection, string runId) =>
        connection.ReadRows("SELECT symbol, tick_size, tick_value, point_value, currency, symbol_type FROM run_instruments WHERE run_id = @runId",
                new { runId }, r => (Symbol: r.GetString(0), Spec: new SymbolSpec
                {
                    TickSize = Real(r, 1), TickValue = Real(r, 2), PointValue = Real(r, 3), Currency = Text(r, 4), SymbolType = Text(r, 5),
                }))
            .ToDictionary(i => i.Symbol, i => i.Spec, StringComparer.Ordinal);

    /// <summary>
    /// The first limit and stop price each order was recorded with: orders keep only the newest, while R multiples
    /// need the stop active at entry and marketability the prices the order was submitted with (docs/metrics.md).
    /// json_extract gives INTEGER for a whole-number price and REAL otherwise, hence the cast. In the team store the
    /// rows' ids are the team's own, so events are taken in their run's sequence.
    /// </summary>
    internal static void InitialPrices(DbConnection connection, string runId, ReadDialect dialect,
        Dictionary<string, double> limits, Dictionary<string, double> stops, long? afterId = null)
    {
        // After a row id (a file's raw log, read on from where a reading stopped): the log's rows since then by their id,
        // whatever run they are of, rather than every row of the run by its index.
        var rows = afterId is null ? "run_id = @runId" : "id > @after AND +run_id = @runId";
        object parameters = afterId is { } after ? new { runId, after } : new { runId };
        using var reader = connection.Reader($"""
            SELECT {dialect.JsonField("payload_json", "order_id")}, {dialect.JsonNumber("payload_json", "price")},
                   {dialect.JsonNumber("payload_json", "stop_price")}
            FROM ingest_events
            WHERE {rows} AND event_type = 'ORDER'
              AND ({dialect.JsonField("payload_json", "price")} IS NOT NULL OR {dialect.JsonField("payload_json", "stop_price")} IS NOT NULL)
            ORDER BY {(dialect.IsSqlite ? "id" : "sequence, id")}
            """, parameters);
        while (reader.Read())
        {
            var orderId = reader.GetString(0);
            if (Real(reader, 1) is { } limit)
            {
                limits.TryAdd(orderId, limit);
            }

            if (Real(reader, 2) is { } stop)
            {
                stops.TryAdd(orderId, stop);
            }
        }
    }

    private sealed record StoredRun(string StartUtc, string? EndUtc, double? InitialBalance, string Status);

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
