using System.Text.Json;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// A run's orders as <see cref="RunFacts"/> keeps them between readings: by row id (the loader's order), each with its
/// first OCO link, null where the analysis leaves one out (no side it knows), and each one's row id by its key. A reading
/// reads again only the orders the writer said it wrote a state or a link of, each by its key; while none is kept, or
/// when more were written than are worth looking up one by one, it reads them whole.
/// </summary>
internal sealed class KeptOrders(string runId)
{
    /// <summary>Orders written at once past which a reading reads them whole: one scan of the run's rows beats that many lookups.</summary>
    public const int ByKeyAtMost = 256;

    private readonly SortedList<long, OrderInfo?> rows = [];
    private readonly Dictionary<string, long> rowIds = new(StringComparer.Ordinal);

    /// <summary>Readings so far that read the orders whole (tests: the others looked up those written since).</summary>
    public int WholeReadings { get; private set; }

    /// <summary>The orders the analysis reads, in the loader's order.</summary>
    public List<OrderInfo> Orders() => rows.Values.OfType<OrderInfo>().ToList();

    /// <summary>Forgets them: the next reading reads them whole.</summary>
    public void Clear()
    {
        rows.Clear();
        rowIds.Clear();
    }

    /// <summary>Brings them up to the connection's snapshot, given the orders the writer wrote since the last reading.</summary>
    public void Update(SqliteConnection connection, IReadOnlyCollection<string> written)
    {
        if (rowIds.Count == 0 || written.Count > Math.Max(ByKeyAtMost, rowIds.Count / 4))
        {
            ReadWhole(connection);
        }
        else if (written.Count > 0)
        {
            ReadByKey(connection, written);
        }
    }

    private void ReadWhole(SqliteConnection connection)
    {
        WholeReadings++;
        Clear();
        var links = RunLoader.FirstOcoLinks(connection, runId);
        using var all = connection.Reader($"SELECT id, {RunLoader.OrderColumns} FROM orders WHERE run_id = @key", new { key = runId });
        while (all.Read())
        {
            Keep(all, links);
        }
    }

    // The orders written, each by its key, and each one's first link, in one statement each: the keys given as one JSON
    // array, which SQLite reads as a table (json_each) and looks up in the orders' and the links' (run_id, order_id)
    // indexes. A statement run once per key cost about 6 µs an order, most of it the command's own round trip: 3 ms of a
    // backtest's close, whose last reading found about 500 orders written.
    private void ReadByKey(SqliteConnection connection, IReadOnlyCollection<string> written)
    {
        var keys = JsonSerializer.Serialize(written);
        var links = new Dictionary<string, (string? Role, string? Group)>(StringComparer.Ordinal);
        using (var first = connection.Reader(
                   """
                   SELECT order_id, oco_role, oco_group_id FROM order_oco_links
                   WHERE run_id = @run AND order_id IN (SELECT value FROM json_each(@keys))
                   ORDER BY id
                   """, new { run = runId, keys }))
        {
            while (first.Read())
            {
                links.TryAdd(first.GetString(0), (first.IsDBNull(1) ? null : first.GetString(1), first.IsDBNull(2) ? null : first.GetString(2)));
            }
        }

        using var orders = connection.Reader(
            $"SELECT id, {RunLoader.OrderColumns} FROM orders WHERE run_id = @run AND order_id IN (SELECT value FROM json_each(@keys))",
            new { run = runId, keys });
        while (orders.Read())
        {
            Keep(orders, links);
        }
    }

    // A row read as `id, RunLoader.OrderColumns`.
    private void Keep(System.Data.IDataReader reader, IReadOnlyDictionary<string, (string? Role, string? Group)> links)
    {
        var rowId = reader.GetInt64(0);
        rows[rowId] = RunLoader.ReadOrder(reader, 1, links);
        rowIds[reader.GetString(1)] = rowId;
    }
}
