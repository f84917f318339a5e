using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace QuantowerRecorder.Storage.Identity;

/// <summary>
/// Deterministic identities (docs/decisions.md, 6): the same strategy, parameter set, series or OCO group gets
/// the same id in every session and on every machine, so files can be merged; runs get time-ordered ids.
/// </summary>
public static class Identities
{
    // The project's namespace for name-based UUIDs (RFC 9562 §5.5). Never change it: every stored id depends on it.
    private static readonly Guid Namespace = new("6c1f0a52-2f0d-4a3e-9b7e-5a0c3d7e9b11");

    /// <summary>Name-based UUID of a strategy from its name, version and vendor.</summary>
    public static string StrategyId(string name, string? version, string? vendor) =>
        NameBased($"strategy\n{name}\n{version}\n{vendor}");

    /// <summary>Name-based UUID of a parameter set of a strategy.</summary>
    public static string InstanceId(string strategyId, string configHash) =>
        NameBased($"instance\n{strategyId}\n{configHash}");

    /// <summary>Name-based UUID of a run's bar series.</summary>
    public static string SeriesId(string runId, string symbol, string timeframe) =>
        NameBased($"series\n{runId}\n{symbol}\n{timeframe}");

    /// <summary>Name-based UUID of a named study (docs/studies.md): an author's name and a user's group of that name agree.</summary>
    public static string StudyId(string name) => NameBased($"study\n{name}");

    /// <summary>Name-based UUID of a study inferred from the runs (docs/studies.md), from its first pass.</summary>
    public static string InferredStudyId(string firstRunId) => NameBased($"inferred study\n{firstRunId}");

    /// <summary>
    /// Name-based UUID of one journal act (docs/team-store.md, "The journal"): its subject, kind, text, author and time,
    /// so a note copied into other files by merge or push is one row there, and two people's notes are two.
    /// </summary>
    public static string JournalEntryId(string subjectType, string subjectId, string kind, string? body, string author, string createdUtc) =>
        NameBased($"journal\n{subjectType}\n{subjectId}\n{kind}\n{body}\n{author}\n{createdUtc}");

    /// <summary>Name-based UUID of an OCO group, from the run and the platform's group key.</summary>
    public static string OcoGroupId(string runId, string groupKey) => NameBased($"oco\n{runId}\n{groupKey}");

    /// <summary>
    /// SHA-256 (lower-case hex) of the canonical JSON of an instance's configuration: parameters, symbols, timeframe
    /// and account. Key order, symbol order and the culture of the machine do not change it.
    /// </summary>
    public static string ConfigHash(
        IEnumerable<KeyValuePair<string, object?>> parameters,
        IEnumerable<string> symbols,
        string? timeframe,
        string? account)
    {
        var json = CanonicalJson.Configuration(parameters, symbols, timeframe, account);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json))).ToLowerInvariant();
    }

    /// <summary>A new run id from the clock's current time: see <see cref="NewRunId(DateTimeOffset)"/>.</summary>
    public static string NewRunId(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return NewRunId(time.GetUtcNow());
    }

    /// <summary>
    /// A new run id: a UUID version 7 (RFC 9562 §5.7) whose 48-bit time part is <paramref name="startUtc"/> in Unix
    /// milliseconds (the run's start as the run saw it, simulated time in a backtest) and whose other 74 bits are
    /// random. Runs that start at different milliseconds sort by start time; ids never depend on state left by
    /// earlier calls, so they are the same whatever ran before in the process.
    /// </summary>
    public static string NewRunId(DateTimeOffset startUtc)
    {
        long millis = Math.Clamp(startUtc.ToUnixTimeMilliseconds(), 0L, 0xFFFF_FFFF_FFFFL);
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        for (int i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(millis >> (8 * (5 - i)));
        }

        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D", CultureInfo.InvariantCulture);
    }

    private static string NameBased(string name)
    {
        Span<byte> input = stackalloc byte[16];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[16 + nameBytes.Length];
        input.CopyTo(buffer);
        nameBytes.CopyTo(buffer, 16);

        // SHA-1 is what RFC 9562 specifies for version 5; it names things here, it does not protect anything.
#pragma warning disable CA5350
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(buffer, hash);
#pragma warning restore CA5350
        Span<byte> uuid = hash[..16];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x50);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        return new Guid(uuid, bigEndian: true).ToString("D", CultureInfo.InvariantCulture);
    }
}
