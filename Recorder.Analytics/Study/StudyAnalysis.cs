namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// The analysis of a study — the passes of one optimisation — as docs/metrics.md ("Studies") defines it. Pure:
/// the same passes and options give the same result, whatever the order of the passes.
/// </summary>
public static class StudyAnalysis
{
    /// <summary>
    /// Plateau scores and pick, importance, a line per input, and PBO, each only when the study is large enough for
    /// it (<see cref="StudyMinimums"/>). The deflated Sharpe of a pass is a run's figure over its trials
    /// (docs/metrics.md, "Deflated Sharpe"), not computed here.
    /// </summary>
    public static StudyResult Analyze(IReadOnlyList<StudyPass> passes, StudyOptions? options = null)
    {
        options ??= StudyOptions.Default;
        var ordered = Order(passes, options);
        var notes = new List<string>();
        var inputs = Inputs(ordered, notes);

        var (plateau, k, d) = Plateau.Score(inputs, options);
        var plateauShort = inputs.Count == 0 ? null : StudyMinimums.Plateau(inputs.Count, d, k, options.PlateauNeighbours is not null);
        if (plateauShort is not null)
        {
            plateau = [];
        }

        var best = inputs.Best(options.HigherIsBetter);
        var pick = Plateau.Pick(plateau, options.HigherIsBetter);
        var lines = inputs.Names.Select(name => Surfaces.Build(inputs, name, null, options)).ToArray();
        var bestId = best < 0 ? null : inputs.Passes[best].Id;
        var pbo = Overfitting.Pbo(ReturnsMatrix.From(ordered), options);
        return new StudyResult(
            ordered.Length, inputs.Count, bestId, pick < 0 ? null : plateau[pick].PassId, k,
            Array.AsReadOnly(plateau), plateauShort, Array.AsReadOnly(Importance.Of(inputs, options.Bins)), Array.AsReadOnly(lines),
            pbo, notes.AsReadOnly());
    }

    /// <summary>The objective over one input (<paramref name="y"/> null) or two, binned as the result's lines are.</summary>
    public static Surface Surface(IReadOnlyList<StudyPass> passes, string x, string? y = null, StudyOptions? options = null)
    {
        options ??= StudyOptions.Default;
        var inputs = Inputs(Order(passes, options), []);
        foreach (var name in y is null ? [x] : new[] { x, y })
        {
            if (!inputs.Contains(name))
            {
                throw new ArgumentException($"No pass with an objective has the input '{name}'.", nameof(passes));
            }
        }

        return Surfaces.Build(inputs, x, y, options);
    }

    private static StudyPass[] Order(IReadOnlyList<StudyPass> passes, StudyOptions options)
    {
        ArgumentNullException.ThrowIfNull(passes);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Partitions is < 2 or > 20 || options.Partitions % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Partitions, "Partitions must be even, from 2 to 20.");
        }

        if (options.Bins < 1 || options.PeriodsPerYear < 1 || options.PlateauNeighbours < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Bins, periods per year and plateau neighbours must be at least 1.");
        }

        // Id order makes every tie-break (and so the whole result) independent of the order the passes came in.
        var ordered = passes.OrderBy(p => p.Id, StringComparer.Ordinal).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            if (string.Equals(ordered[i].Id, ordered[i - 1].Id, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Pass id '{ordered[i].Id}' appears twice.", nameof(passes));
            }
        }

        return ordered;
    }

    private static StudyInputs Inputs(StudyPass[] ordered, List<string> notes)
    {
        var ranked = ordered.Where(p => p.Objective is { } o && double.IsFinite(o)).ToArray();
        if (ranked.Length < ordered.Length)
        {
            notes.Add($"objective: {ordered.Length - ranked.Length} pass(es) without a finite objective are left out of the plateau, importance and surfaces");
        }

        return new StudyInputs(ranked);
    }
}
