namespace QuantowerRecorder.Storage.Queries;

/// <summary>One point of a run's stored equity curve with its drawdown from the running peak (money; percent of the peak).</summary>
/// <param name="Seq">The point's number.</param>
/// <param name="TsUtc">When (ISO-8601 UTC text).</param>
/// <param name="Equity">Equity in the run's currency.</param>
/// <param name="Drawdown">Money below the running peak (0 or more).</param>
/// <param name="DrawdownPct">Percent below the running peak; null when the peak is not positive.</param>
public sealed record EquityRow(long Seq, string TsUtc, double Equity, double Drawdown, double? DrawdownPct);
