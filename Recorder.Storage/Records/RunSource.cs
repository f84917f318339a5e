namespace QuantowerRecorder.Storage.Records;

/// <summary>Where a run's events come from; stored as <c>strategy_runs.run_type</c> and <c>ingest_events.source</c>.</summary>
public enum RunSource
{
    /// <summary>A live connection to a broker or exchange.</summary>
    Live,

    /// <summary>A simulated account trading on live data.</summary>
    Paper,

    /// <summary>Recorded market data played back (Quantower's History Player).</summary>
    Replay,

    /// <summary>A backtest or an optimisation pass.</summary>
    Backtest,
}
