using System.Diagnostics;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// A thread that does nothing but use the processor, as much of it as the recorder's writer used: beside a backtest
/// without the recorder, it shows what that CPU alone costs the backtest on this machine, whatever the code that uses
/// it. The backtest keeps both of a two-core machine's processors busy (the driver and the connection's thread hand
/// each bar to each other, and each spins while it waits), so what another thread takes comes out of its time. It
/// burns in slices of 20 ms with 2 ms pauses, the longest a writer's batch of live events collects (RecorderOptions.MaxBatchDelay;
/// a backtest's may collect for BacktestBatchDelay, but a pass's end or a full batch mostly cuts it first):
/// shorter slices cost a backtest more for the same CPU (tried: 2 ms slices cost it ~1.2 s a CPU second, 20 ms ~0.85).
/// It touches no memory, lock or file the backtest uses. Linux only: it counts its own CPU from /proc.
/// </summary>
internal sealed class CpuNeighbour : IDisposable
{
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(20);
    private readonly Thread thread;
    private readonly double budget;
    private volatile bool stop;
    private double burned;

    private CpuNeighbour(double cpuSeconds)
    {
        budget = cpuSeconds;
        thread = new Thread(Burn) { IsBackground = true, Name = "CPU neighbour" };
        thread.Start();
    }

    /// <summary>What it used, in CPU seconds: its budget, or less if the backtest ended first. Read after <see cref="Dispose"/>.</summary>
    public double Burned => burned;

    /// <summary>A neighbour that burns <paramref name="cpuSeconds"/>; null where a thread's CPU cannot be read.</summary>
    public static CpuNeighbour? Start(double cpuSeconds) => ThreadCpu.Readable ? new CpuNeighbour(cpuSeconds) : null;

    public void Dispose()
    {
        stop = true;
        thread.Join();
    }

    private void Burn()
    {
        var start = ThreadCpu.Own();
        var x = 1.0;
        while (!stop && ThreadCpu.Own() - start < budget)
        {
            var began = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(began) < Slice)
            {
                x = Math.Sqrt(x + 1.5);
            }

            Thread.Sleep(2);
        }

        // x is ~2 (the fixed point of the loop): kept so the work is not optimised away.
        burned = ThreadCpu.Own() - start + (x > 10 ? x : 0);
    }
}
