using System.Globalization;
using System.Runtime.InteropServices;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The optimisation's `--recorder-core N`: the recorder's own threads — its writers and the thread its jobs are prepared
/// on (<see cref="ThreadCpu.Writer"/>, <see cref="ThreadCpu.Jobs"/>), and the CPU neighbour that stands in for them — kept
/// on processor N, and every other thread of the process (the platform's, the strategy's, the thread pool's, the
/// collector's) on the others. What the recorder then adds to a pass is what it costs on the platform's threads and in
/// waiting for it, without its own threads taking processors from the platform: the figure a machine with a spare core
/// gives. A thread of its own looks at the process' threads every 2 ms and moves each new one once it has named itself
/// (a new thread carries its creator's name until it names itself, at once). Linux only (sched_setaffinity).
/// </summary>
internal sealed partial class RecorderCore : IDisposable
{
    private const string OwnName = "Core keeper";
    private static readonly string[] RecorderThreads = [ThreadCpu.Writer, ThreadCpu.Jobs, "CPU neighbour"];
    private readonly ulong recorderMask;
    private readonly ulong othersMask;
    private readonly Dictionary<int, (string Name, int Seen)> threads = [];
    private readonly Thread keeper;
    private volatile bool stop;
    private int moved;

    private RecorderCore(int core, int processors)
    {
        recorderMask = 1UL << core;
        othersMask = ((processors >= 64 ? ulong.MaxValue : (1UL << processors) - 1)) & ~recorderMask;
        // Threads made from now on by the thread that plays the passes start where it is.
        Pin(0, othersMask);
        keeper = new Thread(Keep) { IsBackground = true, Name = OwnName };
        keeper.Start();
    }

    /// <summary>How many of the recorder's threads were moved to its processor so far.</summary>
    public int Moved => Volatile.Read(ref moved);

    /// <summary>
    /// Keeps the recorder's threads on processor <paramref name="core"/> from now on, or says why it cannot
    /// (<see cref="NotSupportedException"/>): not on Linux, a single processor, or no such processor.
    /// </summary>
    public static RecorderCore Start(int core)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new NotSupportedException("--recorder-core needs Linux (it moves threads with sched_setaffinity)");
        }

        var processors = Environment.ProcessorCount;
        if (processors < 2 || core < 0 || core >= Math.Min(processors, 64))
        {
            throw new NotSupportedException(
                $"--recorder-core must name one of this machine's processors 0…{processors - 1}, and leave another to the platform ({processors} here)");
        }

        return new RecorderCore(core, processors);
    }

    public void Dispose()
    {
        stop = true;
        keeper.Join();
    }

    private void Keep()
    {
        while (!stop)
        {
            Look();
            Thread.Sleep(2);
        }
    }

    // Every thread not placed yet: its name read until it has kept it for three looks, and placed by it at each new name.
    private void Look()
    {
        var live = new HashSet<int>();
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            if (!int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid))
            {
                continue;
            }

            live.Add(tid);
            if (threads.TryGetValue(tid, out var known) && known.Seen >= 3)
            {
                continue;
            }

            string name;
            try
            {
                name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
            }
            catch (IOException)
            {
                continue;
            }

            var ours = Array.Exists(RecorderThreads, prefix => name.StartsWith(prefix, StringComparison.Ordinal));
            var seen = known.Name == name ? known.Seen + 1 : 1;
            threads[tid] = (name, seen);
            if (seen == 1 && Pin(tid, ours ? recorderMask : othersMask) && ours)
            {
                Interlocked.Increment(ref moved);
            }
        }

        // A thread that ended is forgotten: the kernel may give its id to a new one.
        threads.Keys.Where(tid => !live.Contains(tid)).ToList().ForEach(tid => threads.Remove(tid));
    }

    // A thread that ended meanwhile cannot be moved: it needs no place.
    private static bool Pin(int tid, ulong mask) => sched_setaffinity(tid, sizeof(ulong), ref mask) == 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setaffinity(int pid, nint size, ref ulong mask);
}
