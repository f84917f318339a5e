using System.Threading.Channels;

namespace QuantowerRecorder.Server.Watching;

/// <summary>One page following the file: its queue of events, forgotten by the feed when disposed.</summary>
internal sealed class Follower(ChangeFeed feed, long id, ChannelReader<ServerSentEvent> events) : IDisposable
{
    public ChannelReader<ServerSentEvent> Events => events;

    public void Dispose() => feed.Forget(id);
}
