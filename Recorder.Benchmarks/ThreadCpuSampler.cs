namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The CPU this process's threads used while it ran, by thread name (<see cref="ThreadCpu"/>). A thread's CPU can only
/// be read while it lives, and the recorder's writers and the pool's workers come and go with the runs, so it reads
/// every thread every 5 ms on a thread of its own and keeps each one's last reading: a thread that ends loses at most
/// what it used since. Reading costs CPU too, so it samples only runs that are not timed.
/// </summary>
internal sealed class ThreadCpuSampler
{
    private const string OwnName = "CPU sampler";
    private readonly Dictionary<string, (string Name, double Start, double Last)> threads = new(StringComparer.Ordinal);
    private readonly Thread sampler;
    private volatile bool stop;

    private ThreadCpuSampler()
    {
        // What a live thread had used before the sampling began is not counted.
        foreach (var (id, name, seconds) in ThreadCpu.Live())
        {
            threads[id] = (name, seconds, seconds);
        }

        sampler = new Thread(Loop) { IsBackground = true, Name = OwnName };
        sampler.Start();
    }

    /// <summary>A sampler running from now; null where a thread's CPU cannot be read.</summary>
    public static ThreadCpuSampler? Start() => ThreadCpu.Readable ? new ThreadCpuSampler() : null;

    /// <summary>Stops sampling; the CPU seconds used since the start, summed by thread name (the sampler's own left out).</summary>
    public IReadOnlyDictionary<string, double> Stop()
    {
        stop = true;
        sampler.Join();
        Sample();
        return threads.Values.Where(t => t.Name != OwnName).GroupBy(t => t.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(t => t.Last - t.Start), StringComparer.Ordinal);
    }

    private void Loop()
    {
        while (!stop)
        {
            Sample();
            Thread.Sleep(5);
        }
    }

    private void Sample()
    {
        foreach (var (id, name, seconds) in ThreadCpu.Live())
        {
            // A thread is counted under its latest name: a new thread runs under the process's name until it has
            // named itself, and the sampler can see it in that moment.
            threads[id] = threads.TryGetValue(id, out var known) ? (name, known.Start, seconds) : (name, 0, seconds);
        }
    }
}
