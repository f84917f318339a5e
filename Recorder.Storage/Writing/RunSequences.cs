using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The per-run sequence numbers a session stamps on arrival, from any producer thread without a lock. They restart
/// at 1 in each process; the writer rebases them after what the file holds (<see cref="SequenceRebase"/>).
/// </summary>
internal sealed class RunSequences
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> counters = new(StringComparer.Ordinal);

    public long Next(RecorderEvent e) => Interlocked.Increment(ref Counter(e.RunId).Value);

    /// <summary>Before any event is stamped: the run's next events are numbered after <paramref name="sequence"/>.</summary>
    public void AtLeast(string runId, long sequence)
    {
        var counter = Counter(runId);
        counter.Value = Math.Max(counter.Value, sequence);
    }

    private StrongBox<long> Counter(string? runId) =>
        counters.GetOrAdd(runId ?? string.Empty, static _ => new StrongBox<long>());
}
