using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Tests.Support;

/// <summary>Commits that fill the write-ahead log by a known number of 8 KiB pages (a table <c>filler</c> of blobs).</summary>
internal static class LogPages
{
    public const int PageBytes = 8192;

    public static void CreateTable(SqliteConnection connection) => connection.Execute("CREATE TABLE filler(x BLOB)");

    /// <summary>One commit of about <paramref name="pages"/> pages, as a backtest's batch is.</summary>
    public static void Write(SqliteConnection connection, int pages) =>
        WriteTransaction.Run(connection, () => connection.Execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @pages) INSERT INTO filler SELECT randomblob(@bytes) FROM n",
            new { bytes = PageBytes - 200, pages }));
}
