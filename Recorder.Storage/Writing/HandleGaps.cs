namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// How long a writer's close waits for the next handle before it stores the trials' figures (<see cref="Writer.Close"/>),
/// learnt from the gaps it saw: from a close that left it without a handle to the handle that took it over (an
/// optimisation's next pass). <see cref="Factor"/> times the longest of the last <see cref="Kept"/> gaps, at least
/// <see cref="Floor"/> and at most <see cref="Ceiling"/>, which is also the wait before any gap was seen. A platform
/// whose next pass comes within a few milliseconds no longer idles the ceiling at its optimisation's last close (at every
/// block's last close in the optimisation benchmark); one whose passes come slower keeps it. A gap longer than the wait
/// only starts figures that the next handle then calls off: they go back to their interval (<see cref="TrialFiguresDue"/>).
/// Changed under the session registry's lock, read by the close's thread: its own lock.
/// </summary>
internal sealed class HandleGaps(TimeProvider time)
{
    /// <summary>The wait before any gap was seen, and the longest.</summary>
    public static readonly TimeSpan Ceiling = TimeSpan.FromMilliseconds(100);

    /// <summary>The shortest wait: a thread's wake-up on a loaded machine takes some milliseconds.</summary>
    public static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(10);

    /// <summary>The wait is this many times the longest recent gap.</summary>
    public const int Factor = 4;

    /// <summary>How many of the latest gaps count: one slow start weighs on the next few closes, not on all of them.</summary>
    public const int Kept = 8;

    private readonly object gate = new();
    private readonly TimeSpan[] gaps = new TimeSpan[Kept];
    private int seen;
    private long? leftAt;

    /// <summary>The writer has no handle left (its last one is closing).</summary>
    public void Left()
    {
        lock (gate)
        {
            leftAt = time.GetTimestamp();
        }
    }

    /// <summary>A handle came to the writer; after <see cref="Left"/>, the time since is a gap.</summary>
    public void Came()
    {
        lock (gate)
        {
            if (leftAt is { } left)
            {
                gaps[seen++ % Kept] = time.GetElapsedTime(left);
                leftAt = null;
            }
        }
    }

    /// <summary>How long a close waits now for the next handle.</summary>
    public TimeSpan Wait
    {
        get
        {
            lock (gate)
            {
                if (seen == 0)
                {
                    return Ceiling;
                }

                var longest = TimeSpan.Zero;
                for (var i = 0; i < Math.Min(seen, Kept); i++)
                {
                    longest = gaps[i] > longest ? gaps[i] : longest;
                }

                var wait = longest * Factor;
                return wait < Floor ? Floor : wait > Ceiling ? Ceiling : wait;
            }
        }
    }
}
