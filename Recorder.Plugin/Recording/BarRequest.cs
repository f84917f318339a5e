using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>Bars to record for a run: one symbol and period, with or without volume analysis.</summary>
internal sealed record BarRequest(Symbol Symbol, Period Period, bool VolumeAnalysis);
