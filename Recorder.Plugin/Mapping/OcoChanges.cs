using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Plugin.Mapping;

/// <summary>What one observation changed: OCO events to record, and bracket legs that now know their entry.</summary>
internal sealed class OcoChanges
{
    public List<RecorderEvent> Events { get; } = [];

    public List<KeyValuePair<string, string>> Parents { get; } = [];
}
