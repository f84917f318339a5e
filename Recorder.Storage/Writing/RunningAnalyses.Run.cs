namespace QuantowerRecorder.Storage.Writing;

/// <summary>What the schedule knows of one running run: when it got events, what its last analysis took, what is in flight.</summary>
internal sealed partial class RunningAnalyses
{
    private sealed class Run(long since)
    {
        /// <summary>A live or paper run: analysed on the interval, not only at the close.</summary>
        public bool Timed { get; set; }

        /// <summary>When the first event written since its last analysis was committed (the writer's timestamp), or null.</summary>
        public long? DirtySince { get; set; }

        /// <summary>When its last analysis finished, or it was first written (the writer's timestamp): a backtest's wait counts from it.</summary>
        public long Since { get; set; } = since;

        /// <summary>What its last analysis took, from being asked for to being stored.</summary>
        public TimeSpan Cost { get; set; }

        /// <summary>A backtest's last store was kept for its next (or none was made yet).</summary>
        public bool Worthwhile { get; set; } = true;

        /// <summary>Its end's analysis is asked for: no running one is started any more.</summary>
        public bool Ending { get; set; }

        public Task? InFlight { get; set; }

        /// <summary>Calls off the analysis in flight (under the gate; it is disposed once it finished).</summary>
        public CancellationTokenSource? Calling { get; set; }

        /// <summary>Its last analysis failed (said once).</summary>
        public bool Failing { get; set; }

        public List<TaskCompletionSource> Waiting { get; } = [];

        public void CallOff() => Calling?.Cancel();
    }
}
