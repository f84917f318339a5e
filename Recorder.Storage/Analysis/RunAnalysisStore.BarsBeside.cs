using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

public static partial class RunAnalysisStore
{
    /// <summary>
    /// An ended run's bars read on a connection of their own while the rest of the run is read (<see cref="FromFile"/>),
    /// where they are many enough for that to pay: their series span at least <see cref="Threshold"/> bars. Fewer (an
    /// optimisation's pass: a thousand bars, about a millisecond to read) and they are read on the analysis' own
    /// connection after the rest: a second connection's snapshot and a work item on the thread pool cost about as much as
    /// the read they would overlap, and they take a processor from the strategy of the next pass, trading meanwhile.
    /// Disposing waits for the read (whatever became of it), ends its snapshot and gives the connection back.
    /// </summary>
    internal sealed class BarsBeside : IDisposable
    {
        /// <summary>The bars a run's series must span for them to be read beside (<see cref="RunLoader.SpannedBars"/>).</summary>
        public const long Threshold = 10_000;

        private readonly ReadConnections.Lease lease;

        private BarsBeside(ReadConnections.Lease lease, List<RunLoader.StoredSeries> series, CancellationToken cancel)
        {
            this.lease = lease;
            lease.Connection.Run("BEGIN;");
            Bars = Task.Run(() => RunLoader.Bars(lease.Connection, series), cancel);
        }

        /// <summary>The run's bars, read beside.</summary>
        public Task<List<BarSeries>> Bars { get; }

        /// <summary>
        /// Starts reading the run's bars on a connection of <paramref name="readings"/> where its series, read on
        /// <paramref name="connection"/> (<paramref name="series"/>), span at least <see cref="Threshold"/> bars; else null:
        /// the caller reads the bars of <paramref name="series"/>. An ended run's series are the same in every later state,
        /// so the second connection reads the bars of those read here.
        /// </summary>
        public static BarsBeside? Start(ReadConnections readings, SqliteConnection connection, string runId, CancellationToken cancel,
            out List<RunLoader.StoredSeries> series)
        {
            series = RunLoader.Series(connection, runId);
            if (RunLoader.SpannedBars(series) < Threshold)
            {
                return null;
            }

            var lease = readings.Open();
            try
            {
                return new BarsBeside(lease, series, cancel);
            }
            catch
            {
                lease.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            try
            {
                ((Task)Bars).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
                lease.Connection.Run("COMMIT;");
            }
            finally
            {
                lease.Dispose();
            }
        }
    }
}
