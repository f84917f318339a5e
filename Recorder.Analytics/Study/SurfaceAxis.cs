namespace QuantowerRecorder.Analytics.Study;

/// <summary>One bin of an axis: a distinct value (Low = High) or the range [Low, High) (the last bin is closed).</summary>
public sealed record SurfaceBin(string Label, double? Low, double? High);

/// <summary>An axis of a surface: the input, how its bins were formed, the bins in ascending order.</summary>
public sealed record SurfaceAxis(string Parameter, SurfaceMethod Method, IReadOnlyList<SurfaceBin> Bins);
