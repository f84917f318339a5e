using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

internal sealed record BarRequest(Symbol Symbol, Period Period, bool VolumeAnalysis);
