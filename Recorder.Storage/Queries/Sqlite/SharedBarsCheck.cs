using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Queries.Sql;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Queries.Sqlite;

/// <summary>
/// `recorder verify`'s check of bars stored once (docs/decisions.md, 14): every stretch a series shares still shows
/// the bars it was given — their count and content hash as bar_shares (and the raw log's BARS_SHARED row) recorded
/// them. A bar of the holding series changed outside the recorder would otherwise change another run's bars silently.
/// Each holding series' bars are read once, whatever the number of stretches that share them.
/// </summary>
internal static class SharedBarsCheck
{
    public static HealthCheckResult Run(SqliteConnection c)
    {
        var stretches = Rows.Query(c, """
            SELECT series_id, first_utc, last_utc, from_series_id, bar_count, bars_hash FROM bar_shares
            WHERE from_series_id <> series_id AND bar_count IS NOT NULL
            ORDER BY from_series_id, first_utc
            """, r => (Series: r.GetString(0), First: r.GetString(1), Last: r.GetString(2), From: r.GetString(3), Count: r.GetInt64(4), Hash: r.IsDBNull(5) ? null : r.GetString(5)));
        var bad = new List<string>();
        long bars = 0;
        foreach (var group in stretches.GroupBy(s => s.From, StringComparer.Ordinal))
        {
            // Prefix sums over the holding series' bars in time order: a stretch's count and hash are two lookups.
            var held = StoredBars.Between(c, group.Key, StoredBars.AllFrom, StoredBars.AllTo);
            var times = held.Select(b => Timestamps.Format(b.OpenUtc)).ToArray();
            var sums = new ulong[held.Count + 1];
            for (var i = 0; i < held.Count; i++)
            {
                sums[i + 1] = sums[i] + held[i].Hash;
            }

            foreach (var s in group)
            {
                var from = Lower(times, s.First);
                var to = Lower(times, s.Last) + (Array.BinarySearch(times, s.Last, StringComparer.Ordinal) >= 0 ? 1 : 0);
                var count = to - from;
                var hash = BarHash.Text(sums[to] - sums[from]);
                bars += s.Count;
                if (count != s.Count || (s.Hash is not null && !string.Equals(hash, s.Hash, StringComparison.Ordinal)))
                {
                    bad.Add($"series {s.Series} from {s.From}, {s.First} to {s.Last}: {count} bar(s) with hash {hash}, shared as {s.Count} with hash {s.Hash}");
                }
            }
        }

        return bad.Count == 0
            ? new HealthCheckResult("shared bars", HealthStatus.Ok, $"{stretches.Count} stretch(es) of {bars} shared bar(s) match what was shared")
            : new HealthCheckResult("shared bars", HealthStatus.Error,
                $"{bad.Count} stretch(es) of shared bars changed since they were shared: {string.Join("; ", bad.Take(5))}. " +
                "Rebuild the file with `recorder replay`, or restore a backup.");
    }

    // The index of the first time not before `at`.
    private static int Lower(string[] times, string at)
    {
        var i = Array.BinarySearch(times, at, StringComparer.Ordinal);
        return i >= 0 ? i : ~i;
    }
}
