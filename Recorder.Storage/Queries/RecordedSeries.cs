namespace QuantowerRecorder.Storage.Queries;

/// <summary>A bar series a run recorded: one symbol in one timeframe.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Timeframe">The timeframe (e.g. "1m").</param>
/// <param name="HasVolumetric">Whether its bars carry volume analysis.</param>
public sealed record RecordedSeries(string Symbol, string Timeframe, bool HasVolumetric);
