using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Records;

/// <summary>
/// Reads one event of the import format (docs/events.md): the payload as the raw log stores it, as a JSON object whose
/// extra properties (such as "event_type") are ignored. The writer's own reader, so an imported event means exactly
/// what a recorded one does.
/// </summary>
public static class EventJson
{
    /// <summary>
    /// The event of type <paramref name="eventType"/> (one of <see cref="EventTypes"/>) in <paramref name="json"/>.
    /// Throws <see cref="System.Text.Json.JsonException"/> when a property is missing or malformed, and
    /// <see cref="InvalidOperationException"/> for text a string cannot hold (an unpaired surrogate).
    /// </summary>
    public static RecorderEvent Parse(string eventType, string json) => PayloadJson.Deserialize(eventType, json);
}
