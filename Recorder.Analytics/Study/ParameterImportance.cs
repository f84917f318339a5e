namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// The first-order share of the objective's variance an input explains (η², between-group over total sum of
/// squares), over <see cref="Groups"/> groups formed by <see cref="Method"/>. <see cref="ExpectedByChance"/> =
/// (G − 1)/(n − 1) is what η² averages when the input has no effect at all: a share near it explains nothing.
/// <see cref="Share"/> is null when the objective never varies, or when every pass is its own group
/// (<see cref="NotEnough"/>: η² would be 1 whatever the objective).
/// </summary>
public sealed record ParameterImportance(
    string Parameter, bool Numeric, SurfaceMethod Method, int Groups, double? Share, double ExpectedByChance, NotEnough? NotEnough = null);
