using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>The bars of one series of a run (GET /api/bars/): which series, and its candles.</summary>
public sealed record SeriesBarsRecord(string RunId, string Symbol, string Timeframe, bool HasVolumetric, IReadOnlyList<BarRow> Bars);
