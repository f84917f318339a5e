using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;

namespace QuantowerRecorder.Plugin.Platform;

/// <summary>
/// A reproducibility fingerprint of a run: which strategy code ran (assembly name, version, SHA-256 of the file) on
/// which platform version.
/// </summary>
internal static class Fingerprint
{
    public static string Of(Assembly strategyAssembly, string? account = null, string? connection = null)
    {
        ArgumentNullException.ThrowIfNull(strategyAssembly);
        var name = strategyAssembly.GetName();
        var fields = new SortedDictionary<string, string?>(StringComparer.Ordinal)
        {
            ["assembly"] = name.Name,
            ["assembly_version"] = name.Version?.ToString(),
            ["informational_version"] = strategyAssembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
            ["sha256"] = Sha256Of(strategyAssembly),
            ["quantower_version"] = QuantowerVersion(),
            ["recorder_version"] = typeof(Fingerprint).Assembly.GetName().Version?.ToString(),
            ["account"] = account,
            ["connection"] = connection,
            ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        };
        return JsonSerializer.Serialize(fields);
    }

    /// <summary>The version of TradingPlatform.BusinessLayer in this process (the platform's build).</summary>
    public static string? QuantowerVersion() =>
        typeof(TradingPlatform.BusinessLayer.Core).Assembly.GetName().Version?.ToString();

    private static string? Sha256Of(Assembly assembly)
    {
        try
        {
            var location = assembly.Location;
            if (string.IsNullOrEmpty(location) || !File.Exists(location))
            {
                // Loaded from bytes (some hosts do this): there is no file to hash.
                return null;
            }

            using var stream = new FileStream(location, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
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
