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
