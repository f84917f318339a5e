namespace QuantowerRecorder.Analytics.Study;

/// <summary>How an axis of a surface (or the groups of an importance) were formed from the passes' values.</summary>
public enum SurfaceMethod
{
    /// <summary>One cell per distinct value: a grid optimisation (brute force) or a text input.</summary>
    DistinctValues,

    /// <summary>Equal-width bins over the study's range: values sampled at random (Monte-Carlo, particle swarm).</summary>
    EqualWidthBins,
}
