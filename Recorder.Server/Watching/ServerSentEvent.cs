namespace QuantowerRecorder.Server.Watching;

/// <summary>One event of the change stream: its number, its name (file, run, problem) and its JSON on one line.</summary>
internal sealed record ServerSentEvent(long Id, string Name, string Data)
{
    public string Text => $"id: {Id}\nevent: {Name}\ndata: {Data}\n\n";
}
