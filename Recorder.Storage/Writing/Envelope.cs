using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>An event as received: its per-run sequence and when it arrived (UTC ticks).</summary>
internal readonly record struct Envelope(RecorderEvent Event, long Sequence, long ReceivedTicks);
