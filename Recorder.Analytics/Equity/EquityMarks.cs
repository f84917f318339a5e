namespace QuantowerRecorder.Analytics;

/// <summary>
/// Equity points <see cref="First"/> … <see cref="First"/> + <see cref="Count"/> − 1 (indexes into
/// <see cref="RunAnalysis.Equity"/>) are the closes of consecutive bars of the stored series <see cref="SeriesKey"/>,
/// marked while the position stayed the same: each point's equity is exactly <c>Base + Factor × close</c> (in that
/// order of operations), each bar starts <see cref="StepTicks"/> after the one before and its point is at its end,
/// <see cref="StepTicks"/> after its start. <see cref="Factor"/> is the open quantity times the point value; it is never 0
/// (a flat stride has one equity, stored once with its repeats).
/// </summary>
public readonly record struct EquityMarks(int First, int Count, string SeriesKey, double Base, double Factor, long StepTicks);
