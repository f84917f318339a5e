using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using QuantowerRecorder.Storage.PostgreSql.Source;

namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>
/// The markets of a chunk's series (bar_markets, team schema 15). A market's id is the team's own, never the file's:
/// ids are numbered per database, so a file's market is found in the team by what it is (symbol, timeframe, source,
/// kind of bar), added when the team has none, and the staged series point at the team's id.
/// </summary>
internal static class TeamMarkets
{
    /// <summary>After the chunk's run_series rows are staged: returns the market rows read from the file.</summary>
    public static long Stage(NpgsqlConnection connection, SourceFile source, IEnumerable<string> runIds)
    {
        connection.Execute("""
            CREATE TEMP TABLE chunk_markets (file_market_id bigint PRIMARY KEY, symbol text NOT NULL, timeframe text NOT NULL,
              source text NOT NULL, volumetric bigint NOT NULL) ON COMMIT DROP
            """);
        long rows = 0;
        using (var importer = connection.BeginBinaryImport("COPY chunk_markets FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (id, symbol, timeframe, barSource, volumetric) in source.Connection.Query<(long, string, string, string, long)>("""
                         SELECT market_id, symbol, timeframe, source, volumetric FROM bar_markets
                         WHERE market_id IN (SELECT market_id FROM run_series WHERE run_id IN (SELECT value FROM json_each($runs)))
                         """, new { runs = JsonSerializer.Serialize(runIds.ToArray()) }, buffered: false))
            {
                importer.StartRow();
                importer.Write(id, NpgsqlDbType.Bigint);
                importer.Write(symbol, NpgsqlDbType.Text);
                importer.Write(timeframe, NpgsqlDbType.Text);
                importer.Write(barSource, NpgsqlDbType.Text);
                importer.Write(volumetric, NpgsqlDbType.Bigint);
                rows++;
            }

            importer.Complete();
        }

        // Only the missing ones are inserted: a conflicting insert would still take an id, and two team stores fed the
        // same runs are to number their markets alike.
        connection.Execute("""
            INSERT INTO bar_markets(symbol, timeframe, source, volumetric)
            SELECT k.symbol, k.timeframe, k.source, k.volumetric FROM chunk_markets k
            WHERE NOT EXISTS (SELECT 1 FROM bar_markets m WHERE m.symbol = k.symbol AND m.timeframe = k.timeframe
                                AND m.source = k.source AND m.volumetric = k.volumetric)
            ORDER BY k.file_market_id
            ON CONFLICT DO NOTHING;
            UPDATE stage_run_series s SET market_id = (
              SELECT m.market_id FROM chunk_markets k JOIN bar_markets m ON m.symbol = k.symbol AND m.timeframe = k.timeframe
                AND m.source = k.source AND m.volumetric = k.volumetric
              WHERE k.file_market_id = s.market_id);
            """);
        return rows;
    }
}
