using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Benchmarks;

/// <summary>The benchmark's `optimisation` mode at a small size: every pass recorded and analysed, its keys reported as sane numbers (not timed).</summary>
[TestFixture]
public sealed class OptimisationBenchmarkTests
{
    [Test]
    public void Optimisation_mode_records_every_pass_and_reports_the_ratio_and_the_bound_the_recorders_cpu_sets()
    {
        using var folder = new TempDatabase();
        var json = Path.Combine(folder.Folder, "optimisation.json");
        var work = Path.Combine(folder.Folder, "work");
        using var child = ChildProcess.Start("optimisation", "--passes", "3", "--bars", "2000", "--rounds", "1", "--json", json, "--dir", work);
        var output = ChildProcess.WaitForExit(child, TimeSpan.FromMinutes(5));

        Assert.That(child.ExitCode, Is.Zero, output);
        using var result = JsonDocument.Parse(File.ReadAllText(json));
        var root = result.RootElement;
        Assert.That(root.GetProperty("optimisation_passes").GetInt32(), Is.EqualTo(3));
        // The ways take turns a block of passes at a time (a tenth of them, at least one): three blocks of one pass, each
        // played every way, the block's line printed as it ends.
        Assert.That(root.GetProperty("optimisation_blocks").GetInt32(), Is.EqualTo(3));
        foreach (var block in new[] { "block 1: ", "block 2: ", "block 3: " })
        {
            Assert.That(output, Does.Contain(block), block);
        }

        var recorded = Path.Combine(work, "optimisation-0.db");
        Assert.That(Db.Scalar<long>(recorded, "SELECT COUNT(*) FROM strategy_runs WHERE metrics_json IS NOT NULL"), Is.EqualTo(3), "each pass a run of its own, analysed");
        Assert.That(Db.Scalar<long>(recorded, "SELECT COUNT(DISTINCT run_id || order_id) FROM orders"), Is.EqualTo(root.GetProperty("optimisation_orders").GetInt64()));

        Assert.That(root.GetProperty("recorder_core").GetString(), Is.EqualTo("shared"), "without --recorder-core every thread runs anywhere");
        Assert.That(root.GetProperty("recorder_core_threads_moved").GetInt32(), Is.Zero);

        var without = root.GetProperty("optimisation_without_seconds").GetDouble();
        Assert.That(without, Is.GreaterThan(0));
        Assert.That(root.GetProperty("later_passes_vs_first_passes").GetDouble(), Is.GreaterThan(0), "the last pass over the first, both timed");
        Assert.That(root.GetProperty("recorder_ms_per_pass").GetDouble(),
            Is.EqualTo((root.GetProperty("optimisation_with_seconds").GetDouble() - without) * 1000 / 3).Within((2 * 0.0005 * 1000 / 3) + 0.001),
            "the with-recorder time per pass less the without, from the printed figures (each seconds rounded to 1 ms)");
        // Where that goes, phase by phase: the six parts cover the whole round, so they add up to it (each rounded to 1 µs).
        var phases = new[] { "in_setup", "in_start", "in_trading", "in_stop", "in_last_closes", "elsewhere" }
            .Select(phase => root.GetProperty("recorder_ms_per_pass_" + phase).GetDouble()).ToList();
        Assert.That(phases.Sum(), Is.EqualTo(root.GetProperty("recorder_ms_per_pass").GetDouble()).Within(7 * 0.0005 + 1e-9),
            "the phases' costs add up to recorder_ms_per_pass");
        Assert.That(phases.Take(4).Sum(), Is.Not.EqualTo(0), "the passes' own phases were timed");
        // What the collector costs a pass: the recorder's events and analyses are allocated on top of the platform's.
        Assert.That(root.GetProperty("recorder_alloc_kb_per_pass").GetDouble(), Is.GreaterThan(0), "the round with the recorder allocated more");
        Assert.That(double.IsFinite(root.GetProperty("recorder_gc_pause_ms_per_pass").GetDouble()), Is.True);
        foreach (var (seconds, ratio) in new[]
        {
            ("optimisation_with_seconds", "optimisation_with_recorder_vs_without"),
            ("optimisation_beside_recorder_cpu_seconds", "optimisation_beside_recorder_cpu_vs_without"),
        })
        {
            if (!OperatingSystem.IsLinux() && seconds.Contains("beside", StringComparison.Ordinal))
            {
                Assert.That(root.GetProperty(seconds).GetString(), Is.EqualTo("not measured on this platform"), seconds);
                Assert.That(root.GetProperty(ratio).GetString(), Is.EqualTo("not measured on this platform"), ratio);
                continue;
            }

            var value = root.GetProperty(seconds).GetDouble();
            Assert.That(value, Is.GreaterThan(0), seconds);
            PrintedRatio.Is(root, ratio, value, without);
        }

        // The recorder's threads' CPU, read from the kernel where it can be (Linux): its writer used some, and the
        // neighbour burned no more than the writer, the jobs' thread and the pool together (each block's neighbour stops
        // at its share of that budget, reading its own CPU after each 20 ms slice: at most a slice over it a block).
        foreach (var key in new[] { "recorder_writer_cpu_seconds", "recorder_jobs_cpu_seconds", "recorder_pool_cpu_seconds", "cpu_neighbour_burned_seconds" })
        {
            if (OperatingSystem.IsLinux())
            {
                Assert.That(root.GetProperty(key).GetDouble(), Is.GreaterThanOrEqualTo(0), key);
            }
            else
            {
                Assert.That(root.GetProperty(key).GetString(), Is.EqualTo("not measured on this platform"), key);
            }
        }

        if (OperatingSystem.IsLinux())
        {
            Assert.That(root.GetProperty("recorder_writer_cpu_seconds").GetDouble(), Is.GreaterThan(0), "the writer wrote three passes");
            Assert.That(root.GetProperty("cpu_neighbour_burned_seconds").GetDouble(),
                Is.LessThanOrEqualTo(root.GetProperty("recorder_writer_cpu_seconds").GetDouble() + root.GetProperty("recorder_jobs_cpu_seconds").GetDouble()
                    + root.GetProperty("recorder_pool_cpu_seconds").GetDouble() + (3 * 0.02) + 0.002));
        }
    }

    [Test]
    public void Optimisation_mode_keeps_the_recorders_threads_on_the_processor_it_is_given()
    {
        using var folder = new TempDatabase();
        var json = Path.Combine(folder.Folder, "optimisation.json");
        var core = Environment.ProcessorCount - 1;
        using var child = ChildProcess.Start("optimisation", "--passes", "2", "--bars", "1000", "--rounds", "1", "--recorder-core",
            core.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", json, "--dir", Path.Combine(folder.Folder, "work"));
        var output = ChildProcess.WaitForExit(child, TimeSpan.FromMinutes(5));

        if (!OperatingSystem.IsLinux() || Environment.ProcessorCount < 2)
        {
            // Nowhere to keep them apart: said so, and nothing measured.
            Assert.That(child.ExitCode, Is.EqualTo(2), output);
            Assert.That(output, Does.Contain("--recorder-core"));
            Assert.That(File.Exists(json), Is.False);
            return;
        }

        Assert.That(child.ExitCode, Is.Zero, output);
        using var result = JsonDocument.Parse(File.ReadAllText(json));
        var root = result.RootElement;
        Assert.That(root.GetProperty("recorder_core").GetInt32(), Is.EqualTo(core));
        // At least the writer of each "with" block and of the untimed sampled optimisation, which are threads of their own.
        Assert.That(root.GetProperty("recorder_core_threads_moved").GetInt32(), Is.GreaterThanOrEqualTo(2));
        Assert.That(root.GetProperty("recorder_ms_per_pass").ValueKind, Is.EqualTo(JsonValueKind.Number));
    }

    [Test]
    public void Optimisation_mode_refuses_a_processor_the_machine_does_not_have()
    {
        using var folder = new TempDatabase();
        var json = Path.Combine(folder.Folder, "optimisation.json");
        using var child = ChildProcess.Start("optimisation", "--passes", "2", "--bars", "1000", "--recorder-core",
            Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", json);
        var output = ChildProcess.WaitForExit(child, TimeSpan.FromMinutes(1));

        Assert.That(child.ExitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain(OperatingSystem.IsLinux() ? "--recorder-core must name one of this machine's processors" : "--recorder-core needs Linux"));
        Assert.That(File.Exists(json), Is.False, "nothing measured");
    }
}
