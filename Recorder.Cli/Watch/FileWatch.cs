using QuantowerRecorder.Storage;

namespace QuantowerRecorder.Cli.Watch;

/// <summary>
/// Looks at a file's stamp (<see cref="FileStamp"/>) every <see cref="Interval"/> on an injected clock, and says when it
/// moved: the one question a watch asks between reads, answered without opening the file.
/// </summary>
internal sealed class FileWatch(string path, TimeProvider time)
{
    private FileStamp? seen = FileStamp.Of(path);

    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The view's first read, with the stamp taken just before it: what is committed while it reads, or after, moves
    /// the stamp the next look compares. A stamp taken after the read would hold a commit the read missed, and the view
    /// would not be read again until the next one.
    /// </summary>
    public T First<T>(Func<T> read)
    {
        seen = FileStamp.Of(path);
        return read();
    }

    /// <summary>
    /// Waits for the next look, then true when the stamp differs from the last one seen (appearing and disappearing
    /// count); false when the wait was cancelled.
    /// </summary>
    public async Task<bool> NextAsync(CancellationToken cancel)
    {
        try
        {
            await Task.Delay(Interval, time, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        var now = FileStamp.Of(path);
        if (now == seen)
        {
            return false;
        }

        seen = now;
        return true;
    }
}
