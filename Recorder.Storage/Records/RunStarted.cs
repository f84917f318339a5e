using System.Text.Json.Serialization;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Records;

/// <summary>A run of an instance starts. <see cref="RecorderEvent.EventUtc"/> is its start time.</summary>
public sealed record RunStarted : RecorderEvent
{
    /// <summary>The instance (parameter set) being run.</summary>
    public required string InstanceId { get; init; }

    public string? EngineVersion { get; init; }

    /// <summary>Data feed, connection or file.</summary>
    public string? DataSource { get; init; }

    /// <summary>Account balance at the start, when known.</summary>
    public double? InitialBalance { get; init; }

    /// <summary>The currency <see cref="InitialBalance"/> is in, as the source names it (not checked).</summary>
    public string? BaseCurrency { get; init; }

    /// <summary>Reproducibility fingerprint (strategy assembly, version, SHA-256, platform version) as JSON.</summary>
    [JsonConverter(typeof(NestedJsonConverter))]
    public string? FingerprintJson { get; init; }

    /// <summary>
    /// The terminal or machine the run was recorded on (the plugin's "Terminal name", default the machine name), so a
    /// team store shows who ran what.
    /// </summary>
    public string? SourceTerminal { get; init; }

    /// <inheritdoc/>
    public override string EventType => EventTypes.RunStarted;
}
