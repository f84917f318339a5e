namespace QuantowerRecorder.Storage.Writing;

/// <summary>Thrown by the normalizer when an event cannot be stored; the message is the quarantine reason.</summary>
internal sealed class Rejection(string reason) : Exception(reason);
