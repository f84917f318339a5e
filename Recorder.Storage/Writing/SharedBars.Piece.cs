using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>Stretches of shared bars (<see cref="SharedBars"/>): one series taking another's bars within a batch.</summary>
internal sealed partial class SharedBars
{
    /// <summary>One stretch of this batch: a series taking another's bars one after the other.</summary>
    private sealed class Piece(SharedBars owner, string seriesId, string from, bool fromRunning, long logId)
    {
        private ArraySegment<StoredBar> ahead = ArraySegment<StoredBar>.Empty;
        private int next;
        private bool exhausted;

        public string SeriesId => seriesId;

        /// <summary>The stretch's row of the raw log, completed at the batch's end.</summary>
        public long LogId => logId;

        public string From => from;

        public DateTime First { get; private set; }

        public DateTime Last { get; private set; }

        public int Count { get; private set; }

        public ulong Hash { get; private set; }

        public StoredBar? Next()
        {
            if (next == ahead.Count && !exhausted)
            {
                ahead = owner.Held(from, Last);
                next = 0;
                if (ahead.Count < ReadAhead)
                {
                    exhausted = true;
                    if (fromRunning && ahead.Count > 0)
                    {
                        // The other run's newest bar may still be forming.
                        ahead = ahead[..^1];
                    }
                }
            }

            return next < ahead.Count ? ahead[next] : null;
        }

        public void Take(StoredBar bar)
        {
            if (Count == 0)
            {
                First = bar.OpenUtc;
            }
            else
            {
                next++;
            }

            Last = bar.OpenUtc;
            Count++;
            Hash += bar.Hash;
        }
    }
}
