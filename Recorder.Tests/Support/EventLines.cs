using System.Text.Json.Nodes;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Tests.Support;

/// <summary>Events as lines of `recorder import` (docs/events.md): the stored payload plus its event_type.</summary>
internal static class EventLines
{
    public static string Line(RecorderEvent e)
    {
        var node = JsonNode.Parse(PayloadJson.SerializeEvent(e))!.AsObject();
        node.Add("event_type", e.EventType);
        return node.ToJsonString();
    }
}
