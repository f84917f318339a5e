using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using QuantowerRecorder.Plugin.Native;

namespace QuantowerRecorder.Plugin.Platform;

/// <summary>
/// A reproducibility fingerprint of a run: which strategy code ran on which platform version. Quantower loads a
/// strategy from its bytes, so the assembly has no path: <c>module_version_id</c> is the loaded module's own id (with
/// a deterministic build, a hash of its compilation: the same source gives the same id), always known; <c>sha256</c> is
/// the SHA-256 of the assembly's file, found by that id under the strategies folder (<see cref="AssemblyFiles"/>), or
/// null when no file there matches.
/// </summary>
internal static class Fingerprint
{
    public static string Of(Assembly strategyAssembly, string? account = null, string? connection = null, StudyLabel? study = null)
    {
        ArgumentNullException.ThrowIfNull(strategyAssembly);
        var facts = Facts.GetValue(strategyAssembly, AssemblyFacts.Of);
        var fields = new SortedDictionary<string, string?>(StringComparer.Ordinal)
        {
            ["assembly"] = facts.Name,
            ["assembly_version"] = facts.Version,
            ["informational_version"] = facts.InformationalVersion,
            ["module_version_id"] = facts.ModuleVersionId,
            ["sha256"] = Sha256Of(strategyAssembly),
            ["quantower_version"] = Platform,
            ["recorder_version"] = Recorder,
            ["account"] = account,
            ["connection"] = connection,
            ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        };
        // Not a reproducibility fact, but what the author said the run belongs to: kept with the run where merge, push
        // and replay already carry it (docs/studies.md).
        if (study?.Name is { } studyName)
        {
            fields["study"] = studyName;
        }

        if (study?.Objective is { } objective)
        {
            fields["study_objective"] = objective;
        }

        return JsonSerializer.Serialize(fields);
    }

    // What a loaded assembly says of itself cannot change while it is loaded: read once, not at every pass's start (each
    // read makes a new AssemblyName or reads attributes from metadata).
    private static readonly ConditionalWeakTable<Assembly, AssemblyFacts> Facts = new();
    private static readonly string? Platform = QuantowerVersion();
    private static readonly string? Recorder = typeof(Fingerprint).Assembly.GetName().Version?.ToString();

    private sealed record AssemblyFacts(string? Name, string? Version, string? InformationalVersion, string ModuleVersionId)
    {
        public static AssemblyFacts Of(Assembly assembly)
        {
            var name = assembly.GetName();
            return new(name.Name, name.Version?.ToString(),
                assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
                assembly.ManifestModule.ModuleVersionId.ToString("D"));
        }
    }

    /// <summary>The version of TradingPlatform.BusinessLayer in this process (the platform's build).</summary>
    public static string? QuantowerVersion() =>
        typeof(TradingPlatform.BusinessLayer.Core).Assembly.GetName().Version?.ToString();

    // A loaded assembly's hash, once per assembly: a strategy run a thousand times in an optimisation is hashed once, not
    // at every pass's start. Its file is the one whose module id is the loaded module's (the same compilation), so the
    // hash cannot go stale; a file not found or not readable is looked for again at the next run.
    private static readonly ConditionalWeakTable<Assembly, string> Hashes = new();

    /// <summary>The hash kept for a loaded assembly, null until one was computed (tests).</summary>
    internal static string? KeptHash(Assembly assembly) => Hashes.TryGetValue(assembly, out var hash) ? hash : null;

    private static string? Sha256Of(Assembly assembly)
    {
        if (Hashes.TryGetValue(assembly, out var known))
        {
            return known;
        }

        var hash = HashOfFile(assembly);
        if (hash is not null)
        {
            Hashes.AddOrUpdate(assembly, hash);
        }

        return hash;
    }

    private static string? HashOfFile(Assembly assembly)
    {
        try
        {
            var location = AssemblyFiles.FileOf(assembly);
            if (location is null || !File.Exists(location))
            {
                return null;
            }

            using var stream = new FileStream(location, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
