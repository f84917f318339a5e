namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// Plateau scores: each pass's objective averaged over its k nearest passes (itself included) in normalised
/// parameter space. Numeric inputs are scaled to [0, 1] over the study's range; constant inputs are left out (they
/// separate nothing); text inputs are not a distance: only passes with the same text values are neighbours.
/// </summary>
internal static class Plateau
{
    /// <summary>Distances closer than this (in normalised units) are ties: grid steps rarely scale exactly.</summary>
    public const double TieTolerance = 1e-9;

    public static (PlateauScore[] Scores, int Neighbours, int Dimensions) Score(StudyInputs inputs, StudyOptions options)
    {
        var n = inputs.Count;
        var dims = new List<double[]>();
        var categories = new string[n];
        Array.Fill(categories, string.Empty);
        foreach (var name in inputs.Names)
        {
            if (inputs.Numbers(name) is not { } values)
            {
                var texts = inputs.Texts(name);
                for (var i = 0; i < n; i++)
                {
                    categories[i] += texts[i] + "\u001f";
                }

                continue;
            }

            var min = values.Min();
            var range = values.Max() - min;
            if (range > 0)
            {
                dims.Add(values.Select(v => (v - min) / range).ToArray());
            }
        }

        var k = Math.Max(1, options.PlateauNeighbours ?? ((2 * dims.Count) + 1));
        var categoryIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var category = categories.Select(c => categoryIds.TryGetValue(c, out var id) ? id : categoryIds[c] = categoryIds.Count).ToArray();
        var d = dims.Count;
        var coordinates = new double[n * d];
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < d; c++)
            {
                coordinates[(i * d) + c] = dims[c][i];
            }
        }

        var scores = new PlateauScore[n];
        var distances = new double[n];
        var nearest = new double[k];
        for (var i = 0; i < n; i++)
        {
            // The k-th smallest distance within the pass's category, kept in a small sorted buffer (O(n k)).
            var kept = 0;
            for (var j = 0; j < n; j++)
            {
                distances[j] = category[i] == category[j] ? Distance(coordinates, d, i, j) : double.PositiveInfinity;
                kept = Keep(nearest, kept, distances[j]);
            }

            // Every pass as close as the k-th is taken, so ties never depend on the order of the passes.
            var limit = nearest[kept - 1] + TieTolerance;
            double sum = 0, worst = inputs.Objectives[i];
            var count = 0;
            for (var j = 0; j < n; j++)
            {
                if (distances[j] <= limit)
                {
                    sum += inputs.Objectives[j];
                    count++;
                    worst = StudyInputs.Better(worst, inputs.Objectives[j], options.HigherIsBetter) ? inputs.Objectives[j] : worst;
                }
            }

            scores[i] = new PlateauScore(inputs.Passes[i].Id, inputs.Objectives[i], sum / count, count, worst);
        }

        return (scores, k, d);
    }

    /// <summary>
    /// The pass to pick: the best score among passes no worse than their own neighbourhood (one worse than the mean
    /// around it is a valley between better passes, not a plateau); ties go to the better objective, then to the first
    /// id. The best pass always qualifies: no mean it belongs to is better than it.
    /// </summary>
    public static int Pick(PlateauScore[] scores, bool higherIsBetter)
    {
        var pick = -1;
        for (var i = 0; i < scores.Length; i++)
        {
            if (StudyInputs.Better(scores[i].Score, scores[i].Objective, higherIsBetter))
            {
                continue;
            }

            if (pick < 0
                || StudyInputs.Better(scores[i].Score, scores[pick].Score, higherIsBetter)
                || (scores[i].Score == scores[pick].Score && StudyInputs.Better(scores[i].Objective, scores[pick].Objective, higherIsBetter)))
            {
                pick = i;
            }
        }

        return pick;
    }

    private static double Distance(double[] coordinates, int d, int i, int j)
    {
        var sum = 0.0;
        for (var c = 0; c < d; c++)
        {
            var delta = coordinates[(i * d) + c] - coordinates[(j * d) + c];
            sum += delta * delta;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Inserts <paramref name="distance"/> into the ascending buffer of the smallest ones; returns its fill.</summary>
    private static int Keep(double[] nearest, int kept, double distance)
    {
        if (double.IsPositiveInfinity(distance) || (kept == nearest.Length && distance >= nearest[kept - 1]))
        {
            return kept;
        }

        var at = kept == nearest.Length ? kept - 1 : kept;
        while (at > 0 && nearest[at - 1] > distance)
        {
            nearest[at] = nearest[at - 1];
            at--;
        }

        nearest[at] = distance;
        return Math.Min(nearest.Length, kept + 1);
    }
}
