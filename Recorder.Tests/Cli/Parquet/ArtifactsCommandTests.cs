using System.Security.Cryptography;
using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli.Parquet;

/// <summary>`recorder artifacts` writes seed 003's folder per run; `recorder verify --artifacts` holds it to its manifest.</summary>
[TestFixture]
public sealed class ArtifactsCommandTests
{
    private static readonly string[] Layout =
    [
        "bars.parquet", "drawdown.parquet", "equity.parquet", "fills.parquet", "manifest.json", "metrics.json", "summary.json", "trades.parquet",
    ];

    private static readonly long TickNanoseconds =
        (DateTime.Parse(ParquetExportTests.TickTime, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal).Ticks - DateTime.UnixEpoch.Ticks) * 100;

    private TempDatabase db = null!;
    private string runId = null!;

    [OneTimeSetUp]
    public void MakeDemo()
    {
        db = DemoFiles.Create();
        runId = Db.Scalar<string>(db.Path,
            "SELECT run_id FROM strategy_runs JOIN strategy_instances USING (instance_id) WHERE symbol = 'BTCUSDT' ORDER BY start_utc, run_id LIMIT 1");
        ParquetExportTests.Mark(db.Path, runId);
    }

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    private string Write(string name)
    {
        var folder = db.Sibling(name);
        var run = Cli.Run(db.Folder, "artifacts", runId[..8], "-o", folder, "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        return Path.Combine(folder, runId);
    }

    [Test]
    public void A_run_folder_has_seed_003s_files_each_hashed_in_the_manifest()
    {
        var folder = Write("out-layout");
        var names = Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var hasValidation = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_metrics_kv WHERE run_id = @id AND key = 'validation_samples' AND value IS NOT NULL", new { id = runId }) > 0;
        var expected = hasValidation ? Layout.Append("validation_summary.json").Order(StringComparer.Ordinal).ToList() : Layout.ToList();
        Assert.That(names, Is.EqualTo(expected));

        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "manifest.json")));
        var root = manifest.RootElement;
        Assert.That(root.GetProperty("run_id").GetString(), Is.EqualTo(runId));
        Assert.That(root.GetProperty("config_hash").GetString(),
            Is.EqualTo(Db.Scalar<string>(db.Path, "SELECT config_hash FROM strategy_instances JOIN strategy_runs USING (instance_id) WHERE run_id = @id", new { id = runId })));
        Assert.That(root.GetProperty("recorder_version").GetString(), Is.Not.Empty);
        var files = root.GetProperty("files").EnumerateArray().ToList();
        Assert.That(files.Select(f => f.GetProperty("name").GetString()).Order(StringComparer.Ordinal), Is.EqualTo(expected.Where(n => n != "manifest.json")));
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(Path.Combine(folder, file.GetProperty("path").GetString()!));
            Assert.That(file.GetProperty("sha256").GetString(), Is.EqualTo(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant()));
            Assert.That(file.GetProperty("size").GetInt64(), Is.EqualTo(bytes.LongLength));
            Assert.That(file.GetProperty("mime").GetString(),
                Is.EqualTo(file.GetProperty("name").GetString()!.EndsWith(".parquet", StringComparison.Ordinal) ? "application/vnd.apache.parquet" : "application/json"));
        }

        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "summary.json")));
        Assert.That(summary.RootElement.GetProperty("run_id").GetString(), Is.EqualTo(runId), "the contract's snake_case run record");
        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "metrics.json")));
        Assert.That(metrics.RootElement.EnumerateArray().Select(m => m.GetProperty("key").GetString()),
            Is.EquivalentTo(Db.Query<string>(db.Path, "SELECT key FROM run_metrics_kv WHERE run_id = @id", new { id = runId })));
    }

    [Test]
    public void Every_parquet_file_reads_back_in_duckdb_equal_to_the_sqlite_rows()
    {
        var folder = Write("out-rows");
        (string File, string Table, string Order)[] checks =
        [
            ("fills.parquet", "executions", ParquetExportTests.Tables["executions"].Order),
            ("trades.parquet", "trades", ParquetExportTests.Tables["trades"].Order),
            ("bars.parquet", "bars", ParquetExportTests.Tables["bars"].Order),
            ("equity.parquet", "equity", "seq"),
            ("drawdown.parquet", "equity", "seq"),
        ];
        foreach (var check in checks)
        {
            var file = Path.Combine(folder, check.File);
            var expected = Duck.Expected(db.Path, check.Table, runId, out var sqliteColumns);
            var actual = Duck.Rows($"SELECT * FROM read_parquet('{file}') ORDER BY {check.Order}", out var columns);
            Assert.That(Duck.AssertSame(sqliteColumns, expected, columns, actual), Is.GreaterThan(expected.Count), check.File);
            ParquetExportTests.AssertTypes(file);
        }

        Assert.That(Duck.Scalar($"SELECT count(*) FROM read_parquet('{Path.Combine(folder, "fills.parquet")}') WHERE epoch_ns(exec_utc) = {TickNanoseconds}"), Is.EqualTo(1L),
            "the fill's time to the 100 ns, as nanoseconds since 1970");
        Assert.That(Duck.Scalar($"SELECT count(*) FROM read_parquet('{Path.Combine(folder, "trades.parquet")}') WHERE entry_tag = '{ParquetExportTests.Tag}'"), Is.EqualTo(1L));
    }

    [Test]
    public void Verify_artifacts_passes_a_written_folder_and_names_a_changed_missing_or_extra_file()
    {
        var root = db.Sibling("out-verify");
        var folder = Write("out-verify");
        var ok = Cli.Run(db.Folder, "verify", "--artifacts", root, "--db", db.Path);
        Assert.That(ok.ExitCode, Is.EqualTo(0), ok.ToString());
        Assert.That(ok.Out, Does.Contain("OK"));

        File.AppendAllText(Path.Combine(folder, "metrics.json"), " ");
        File.Delete(Path.Combine(folder, "bars.parquet"));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");
        var bad = Cli.Run(db.Folder, "verify", "--artifacts", root, "--db", db.Path);
        Assert.That(bad.ExitCode, Is.EqualTo(1), bad.ToString());
        Assert.That(bad.Out, Does.Contain("metrics.json: changed"));
        Assert.That(bad.Out, Does.Contain("bars.parquet: missing"));
        Assert.That(bad.Out, Does.Contain("notes.txt: not in the manifest"));
        Assert.That(bad.Out, Does.Not.Contain("trades.parquet"), "unchanged files are not named");
    }

    [Test]
    public void An_unknown_run_or_a_folder_with_other_files_is_a_clear_error_and_writes_no_manifest()
    {
        var root = db.Sibling("out-bad");
        var unknown = Cli.Run(db.Folder, "artifacts", runId, "no-such-run", "-o", root, "--db", db.Path);
        Assert.That(unknown.ExitCode, Is.EqualTo(2), unknown.ToString());
        Assert.That(unknown.Error, Does.Contain("no-such-run"));
        Assert.That(Directory.Exists(root), Is.False, "every run is resolved before anything is written");

        var taken = Path.Combine(root, runId);
        Directory.CreateDirectory(taken);
        File.WriteAllText(Path.Combine(taken, "old.csv"), "mine");
        var busy = Cli.Run(db.Folder, "artifacts", runId, "-o", root, "--db", db.Path);
        Assert.That(busy.ExitCode, Is.EqualTo(2), busy.ToString());
        Assert.That(busy.Error, Does.Contain("already exists with other files"));
        Assert.That(Directory.GetFiles(taken).Select(Path.GetFileName), Is.EqualTo(new[] { "old.csv" }));
    }
    [Test]
    public void The_manifests_sha256_is_kept_with_the_run_and_verify_names_a_manifest_rewritten_with_its_files()
    {
        var root = db.Sibling("out-kept");
        var folder = Write("out-kept");
        var manifestPath = Path.Combine(folder, "manifest.json");
        var sha = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(manifestPath))).ToLowerInvariant();
        var listed = JsonDocument.Parse(File.ReadAllBytes(manifestPath)).RootElement.GetProperty("files").GetArrayLength();
        Assert.That(Db.Query<(string Sha, long Files)>(db.Path, "SELECT manifest_sha256 AS Sha, files AS Files FROM run_artifacts WHERE run_id = @id", new { id = runId }),
            Does.Contain((sha, (long)listed)), "the manifest's own SHA-256, with the run");
        var ok = Cli.Run(db.Folder, "verify", "--artifacts", root, "--db", db.Path);
        Assert.That(ok.ExitCode, Is.EqualTo(0), ok.ToString());
        Assert.That(ok.Out, Does.Contain(sha).And.Contain("recorded"));

        // Someone changes a file and writes its new hash and size into the manifest: every file matches its manifest.
        var metrics = Path.Combine(folder, "metrics.json");
        File.WriteAllText(metrics, "[]");
        var bytes = File.ReadAllBytes(metrics);
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifestPath))!;
        var entry = manifest["files"]!.AsArray().Single(f => (string)f!["name"]! == "metrics.json")!;
        entry["sha256"] = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
        entry["size"] = bytes.Length;
        File.WriteAllText(manifestPath, manifest.ToJsonString());

        var bad = Cli.Run(db.Folder, "verify", "--artifacts", root, "--db", db.Path);
        Assert.That(bad.ExitCode, Is.EqualTo(1), bad.ToString());
        Assert.That(bad.Out, Does.Contain("manifest.json: changed").And.Contain(sha), "the manifest the database recorded");
        Assert.That(bad.Out, Does.Not.Contain("metrics.json: changed"), "the file itself matches the rewritten manifest");

        using var other = new TempDatabase("other.db");
        using (QuantowerRecorder.Storage.Sqlite.DatabaseFile.OpenForWriting(other.Path, TimeProvider.System))
        {
        }

        var elsewhere = Cli.Run(db.Folder, "verify", "--artifacts", root, "--db", other.Path);
        Assert.That(elsewhere.ExitCode, Is.EqualTo(1), elsewhere.ToString());
        Assert.That(elsewhere.Out, Does.Contain($"run {runId} is not in {other.Path}"));
    }

    [Test]
    public void Verify_artifacts_without_a_database_checks_the_files_and_says_the_manifests_were_not_compared()
    {
        var root = db.Sibling("out-nodb");
        Write("out-nodb");
        var empty = db.Sibling("no-db-here");
        Directory.CreateDirectory(empty);
        var run = Cli.Run(empty, "verify", "--artifacts", root);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain("Manifests not compared with a database"));
        Assert.That(run.Out, Does.Contain("OK "));
    }
}
