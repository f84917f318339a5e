using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using QuantowerRecorder.Storage.PostgreSql.Schema;

namespace QuantowerRecorder.Tests.Support;

/// <summary>
/// A real PostgreSQL for the team-store tests. RECORDER_TEST_PG (a connection string to a server where the user may
/// create databases) is used when set; otherwise a throwaway cluster is made in a temporary folder from Debian's
/// /usr/lib/postgresql/*/bin, on a free port, run as the postgres system user when the tests run as root (initdb
/// refuses root), and removed when the tests end. Each test gets its own database, copied from one migrated once per
/// run. No PostgreSQL means a failing test that says how to get one (<see cref="MissingPart"/>; never a skip).
/// </summary>
internal static class PostgresServer
{
    public const string Variable = "RECORDER_TEST_PG";

    private static readonly Lazy<Cluster> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    // The team schema, migrated once per run: each test's database is a copy of it (CREATE DATABASE … TEMPLATE).
    private static readonly Lazy<string> Migrated = new(MigrateTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    // PostgreSQL copies a template only while nobody else is connected to it: copies take turns.
    private static readonly object CopyGate = new();

    /// <summary>
    /// A new database on the server, dropped when disposed: with the team schema of today (a copy of a database
    /// migrated once per run), or empty (<paramref name="migrated"/> false) for tests of the migrations themselves.
    /// </summary>
    public static TeamDatabase CreateDatabase(bool migrated = true)
    {
        var admin = Shared.Value.AdminConnectionString;
        var name = "qr_test_" + Guid.NewGuid().ToString("N")[..12];
        if (migrated)
        {
            var template = Migrated.Value;
            lock (CopyGate)
            {
                Execute(admin, $"CREATE DATABASE {name} TEMPLATE {template}");
            }
        }
        else
        {
            Execute(admin, $"CREATE DATABASE {name}");
        }

        return new TeamDatabase(Connection(admin, name), () => Execute(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    }

    /// <summary>Stops the cluster this process started, if any (<see cref="TestRun"/> calls it once at the end).</summary>
    public static void StopIfStarted()
    {
        if (!Shared.IsValueCreated)
        {
            return;
        }

        try
        {
            // A server named by RECORDER_TEST_PG outlives the run: leave nothing on it.
            if (Migrated.IsValueCreated)
            {
                Execute(Shared.Value.AdminConnectionString, $"DROP DATABASE IF EXISTS {Migrated.Value} WITH (FORCE)");
            }
        }
        finally
        {
            Shared.Value.Dispose();
        }
    }

    private static string MigrateTemplate()
    {
        var admin = Shared.Value.AdminConnectionString;
        var name = "qr_template_" + Guid.NewGuid().ToString("N")[..12];
        Execute(admin, $"CREATE DATABASE {name}");
        // Pooling is off: the connection is gone when disposed, so the template has no session left to block a copy.
        using var connection = new NpgsqlConnection(Connection(admin, name));
        connection.Open();
        TeamMigrator.Migrate(connection, TimeProvider.System);
        return name;
    }

    private static string Connection(string admin, string database) =>
        new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = false }.ConnectionString;

    private static Cluster Start()
    {
        var given = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            return new Cluster(given, null, null);
        }

        // Lazy keeps this exception: every later test that needs the server fails with the same message, and counts.
        var bin = FindBin() ?? throw MissingPart.Fail(
            MissingPart.PostgreSql,
            "PostgreSQL is needed by the team-store tests and was not found (no /usr/lib/postgresql/*/bin/initdb).",
            InstallHint());

        var folder = Path.Combine(Path.GetTempPath(), "qr-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var data = Path.Combine(folder, "data");
        var asRoot = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
        if (asRoot)
        {
            Run("chown", ["-R", "postgres:postgres", folder], asRoot: false);
        }

        var port = FreePort();
        Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"], asRoot);
        Run(Path.Combine(bin, "pg_ctl"),
        [
            "-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port.ToString(CultureInfo.InvariantCulture)} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start",
        ], asRoot);
        var admin = $"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres;Pooling=false";
        var cluster = new Cluster(admin, () =>
        {
            Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asRoot);
        }, folder);
        // Also when the test host ends without running the teardown.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        return cluster;
    }

    // The one command that gets a server these tests can use, in this OS's words. Only Debian's layout is searched
    // for server programs, so elsewhere the server is named by the variable.
    private static string InstallHint() =>
        OperatingSystem.IsLinux()
            ? "Install it: sudo apt-get install -y postgresql (Debian/Ubuntu; ./test.sh does this when it may), or set " + Variable +
              " to a connection string of a server where the user may create databases."
            : OperatingSystem.IsWindows()
                ? "Install it: winget install PostgreSQL.PostgreSQL.17, then set " + Variable +
                  " to its connection string (Host=127.0.0.1;Username=postgres;Password=...), a user who may create databases."
                : "Install it: brew install postgresql@17 && brew services start postgresql@17, then set " + Variable +
                  " to its connection string (Host=127.0.0.1;Username=<you>;Database=postgres), a user who may create databases.";

    private static string? FindBin()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1))
            .Where(x => x.Version > 0 && File.Exists(Path.Combine(x.Dir, "bin", "initdb")))
            .OrderByDescending(x => x.Version)
            .Select(x => Path.Combine(x.Dir, "bin"))
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string program, string[] args, bool asRoot)
    {
        var info = new ProcessStartInfo(asRoot ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asRoot)
        {
            foreach (var a in new[] { "-u", "postgres", "--", program })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish in 2 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {stdout.Result}{stderr.Result}");
        }
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private sealed class Cluster(string adminConnectionString, Action? stop, string? folder) : IDisposable
    {
        private int disposed;

        public string AdminConnectionString { get; } = adminConnectionString;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0)
            {
                return;
            }

            try
            {
                stop?.Invoke();
            }
            finally
            {
                if (folder is not null)
                {
                    try
                    {
                        Directory.Delete(folder, recursive: true);
                    }
                    catch (IOException)
                    {
                        // The temp folder is cleaned by the OS eventually.
                    }
                }
            }
        }
    }
}

/// <summary>One throwaway database on the test server.</summary>
internal sealed class TeamDatabase(string connectionString, Action drop) : IDisposable
{
    public string ConnectionString { get; } = connectionString;

    public NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public long Scalar(string sql)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
    }

    public void Dispose() => drop();
}
