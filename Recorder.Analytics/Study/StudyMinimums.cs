namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// The smallest study each figure means anything for, from its definition (docs/metrics.md, "Minimum sizes"). Below
/// it the figure is null and a <see cref="NotEnough"/> says what is missing.
/// </summary>
public static class StudyMinimums
{
    /// <summary>
    /// Passes PBO needs. With N passes pure noise gives PBO = ⌊(N + 1)/2⌋ / N, the share of out-of-sample ranks at or
    /// below the median (2/3 at 3 passes, not ½), and below 5 the lower half is the worst pass or the worst two: PBO
    /// would only count how often the in-sample best came last.
    /// </summary>
    public const int PboPasses = 5;

    /// <summary>
    /// Backtests an inferred study needs (parameter sets that differ): as many as PBO, the figure an optimisation is
    /// judged by. Fewer are a handful of backtests, not an optimisation; a user or author can still group them.
    /// </summary>
    public const int InferredPasses = PboPasses;

    /// <summary>Periods CSCV needs for S partitions: one per partition and two per half (a sample standard deviation).</summary>
    public static int PboPeriods(int partitions) => Math.Max(partitions, 4);

    /// <summary>
    /// Why an input's importance (η² over <paramref name="groups"/> groups of <paramref name="passes"/> passes) says
    /// nothing, or null: with as many groups as passes every pass is its own group and η² is 1 whatever the objective.
    /// </summary>
    public static NotEnough? Importance(int passes, int groups) =>
        passes < groups + 1 ? new NotEnough("passes", passes, groups + 1) : null;

    /// <summary>
    /// Why the plateau scores say nothing, or null. A score is a mean over the pass's k nearest passes: it needs a
    /// numeric input to measure nearness by, k ≥ 2 (a neighbour besides the pass), and more than k passes (with k or
    /// fewer every neighbourhood is the whole study and every score the same mean).
    /// </summary>
    public static NotEnough? Plateau(int passes, int numericInputs, int neighbours, bool neighboursGiven)
    {
        if (numericInputs == 0 && !neighboursGiven)
        {
            return new NotEnough("numeric inputs that vary", 0, 1);
        }

        if (neighbours < 2)
        {
            return new NotEnough("neighbours in a neighbourhood", neighbours - 1, 1);
        }

        return passes < neighbours + 1 ? new NotEnough("passes", passes, neighbours + 1) : null;
    }
}
