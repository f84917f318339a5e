using System.Reflection;

namespace QuantowerRecorder.Plugin.Native;

/// <summary>
/// Notices another build of the recorder in the process. Quantower loads every .dll under its strategies folder and
/// resolves references by full name, the copy registered last winning (quantower-api.md §11): with two recorder folders
/// (an old deployment, an author who copied the recorder beside a strategy) a run may be recorded by a build other than
/// the one the trader deployed, and the Strategies manager shows "Run Recorder" twice.
/// </summary>
internal static class RecorderBuilds
{
    // "Recorder.Plugin, ": how the full name of any build of this assembly begins.
    private static readonly string NamePrefix = typeof(RecorderBuilds).Assembly.GetName().Name + ", ";
    private static readonly Guid MineId = typeof(RecorderBuilds).Assembly.ManifestModule.ModuleVersionId;

    /// <summary>A sentence naming the other builds of this assembly loaded in the process, or null when there are none.</summary>
    public static string? Others()
    {
        // Asked at every run's start (an optimisation's every pass): an assembly's full name is kept by the runtime, where
        // GetName() makes a new AssemblyName for each of the process's hundred-odd assemblies.
        var mine = typeof(RecorderBuilds).Assembly;
        var others = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.FullName?.StartsWith(NamePrefix, StringComparison.Ordinal) == true && a.ManifestModule.ModuleVersionId != MineId)
            .Select(Describe)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return others.Length == 0
            ? null
            : $"another recorder build is loaded in this process: {string.Join("; ", others)}, beside this one, {Describe(mine)}. " +
              "Quantower gives each of the recorder's assemblies to whichever copy it registered last, so keep one recorder folder " +
              "under Settings\\Scripts\\Strategies and reference it from your own strategy without copying it (docs/plugin.md, \"Deploying with your strategy\").";
    }

    private static string Describe(Assembly assembly) =>
        $"{assembly.GetName().Name} {assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString()}" +
        $" from {AssemblyFiles.FileOf(assembly) ?? "(file not found)"}";
}
