using QuantowerRecorder.Analytics.Equity;

namespace QuantowerRecorder.Analytics;

/// <summary>
/// What an analysis leaves for the next analysis of the same run (<see cref="StartedAnalysis.Fold"/>, given to
/// <see cref="RunAnalyzer.Start"/>): its equity curve's sweep, which the next goes on from over the events recorded since
/// instead of sweeping the run again. The next analysis gives exactly what it gives without one: a fold whose events are
/// not where the run's begin (an earlier bar or fill changed or came late, another symbol, another point value, balance or
/// start) is not used. Never changed once made, so it may be given to any later analysis, on any thread.
/// </summary>
public sealed class AnalysisFold
{
    internal AnalysisFold(EquitySweep sweep) => Sweep = sweep;

    internal EquitySweep Sweep { get; }
}
