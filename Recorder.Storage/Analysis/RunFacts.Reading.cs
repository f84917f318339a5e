using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>A reading of a run's facts (<see cref="Begin"/>), which gives them to the run's analysis.</summary>
internal sealed partial class RunFacts
{
    /// <summary>One reading: <see cref="Input"/> inside a read transaction begun after <see cref="Begin"/>.</summary>
    internal sealed class Reading(RunFacts facts, Dictionary<long, long> taken, HashSet<string> ordersTaken, SqliteConnection connection) : IDisposable
    {
        private bool done;

        /// <summary>Brings the facts up to the connection's snapshot and gives them as the analysis' input.</summary>
        public RunInput Input()
        {
            Update();
            return new RunInput(facts.fills.ToList(), facts.Orders(), facts.bars.Lend(),
                RunLoader.Context(connection, facts.RunId));
        }

        /// <summary>
        /// What the run's last analysis left for the next: this reading's analysis goes on from it where the run's events
        /// allow (<see cref="RunAnalyzer.Start"/>).
        /// </summary>
        public AnalysisFold? Fold => facts.Fold;

        /// <summary>The curve as the run's last analysis stored it (<see cref="StoredCurve"/>), for this one to go on from.</summary>
        public StoredCurve? Curve => facts.Curve;

        /// <summary>
        /// What this reading's analysis leaves for the next, once its curve is computed (maybe after the reading): its
        /// curve's sweep, and the curve as stored, kept while the sweep is (a curve too long to keep leaves neither); and
        /// whether that went on from <see cref="Fold"/>.
        /// </summary>
        public void Keep(AnalysisFold? fold, bool wentOn, StoredCurve? curve)
        {
            facts.Fold = fold;
            facts.Curve = fold is null ? null : curve;
            if (wentOn)
            {
                Interlocked.Increment(ref facts.foldsUsed);
            }
        }

        /// <summary>Brings the facts up to the connection's snapshot.</summary>
        public void Update()
        {
            facts.Update(connection, taken, ordersTaken);
            done = true;
        }

        public void Dispose()
        {
            try
            {
                try
                {
                    connection.Run("COMMIT;");
                }
                catch (SqliteException)
                {
                    done = false;
                }

                if (!done)
                {
                    // A reading that failed half-way leaves the facts half read: the next one reads them whole.
                    facts.whole = true;
                }
            }
            finally
            {
                // Whatever the end of the transaction threw, the next reading is not left waiting for this one for ever.
                Monitor.Exit(facts.reading);
            }
        }
    }
}
