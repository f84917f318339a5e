using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>
/// The bars a run records: the symbol's at a period, requested by the recorder, or those of a history the strategy
/// already has (<paramref name="Given"/>), which the recorder follows and never disposes.
/// </summary>
internal sealed record BarRequest(Symbol Symbol, Period Period, bool VolumeAnalysis, HistoricalData? Given = null);
