using System.Text;
using QuantowerRecorder.Storage.PostgreSql;

namespace QuantowerRecorder.Cli.Infrastructure;

/// <summary>
/// A small text file whose first line (after blank lines and # comments) is a team database's connection string, as
/// `push --to-file` reads: `--db ~/.recorder-team` keeps the password off the command line and out of shell history.
/// A recorder file starts with SQLite's header and is never read as one.
/// </summary>
internal static class ConnectionStringFile
{
    private const int MaxBytes = 64 * 1024;
    private static readonly byte[] SqliteHeader = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>The connection string the file holds, or null when it is not such a file (or not there).</summary>
    public static string? Read(string path)
    {
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists || file.Length == 0 || file.Length > MaxBytes)
            {
                return null;
            }

            var bytes = File.ReadAllBytes(path);
            if (bytes.AsSpan().StartsWith(SqliteHeader))
            {
                return null;
            }

            var line = Encoding.UTF8.GetString(bytes).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
            return TeamStore.IsConnectionString(line) ? line : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
