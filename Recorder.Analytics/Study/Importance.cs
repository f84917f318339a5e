namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// First-order importance of each input: η² = Σ_g n_g (ȳ_g − ȳ)² / Σ_i (y_i − ȳ)², the passes grouped by the input's
/// bins (<see cref="AxisBinning"/>). It sees each input alone: an effect that exists only in combination with another
/// input (an interaction) is credited to neither, and inputs that moved together in the study share the credit.
/// </summary>
internal static class Importance
{
    public static ParameterImportance[] Of(StudyInputs inputs, int bins)
    {
        var n = inputs.Count;
        var y = inputs.Objectives;
        var mean = n > 0 ? y.Average() : 0;
        var total = y.Sum(v => (v - mean) * (v - mean));

        var result = new ParameterImportance[inputs.Names.Count];
        for (var p = 0; p < result.Length; p++)
        {
            var name = inputs.Names[p];
            var (axis, binOf) = AxisBinning.Of(inputs, name, bins);
            var sums = new double[axis.Bins.Count];
            var counts = new int[axis.Bins.Count];
            for (var i = 0; i < n; i++)
            {
                sums[binOf[i]] += y[i];
                counts[binOf[i]]++;
            }

            var between = 0.0;
            var groups = 0;
            for (var g = 0; g < sums.Length; g++)
            {
                if (counts[g] > 0)
                {
                    var d = (sums[g] / counts[g]) - mean;
                    between += counts[g] * d * d;
                    groups++;
                }
            }

            // With no variance there is nothing to explain; E[η²] under no effect is (G − 1)/(n − 1), which is 1 when
            // every pass is its own group: then η² is 1 whatever the objective, and says nothing.
            var shortOf = StudyMinimums.Importance(n, groups);
            double? share = total > 0 && shortOf is null ? Math.Min(1, between / total) : null;
            var chance = n > 1 ? (groups - 1) / (double)(n - 1) : 0;
            result[p] = new ParameterImportance(name, inputs.Numbers(name) is not null, axis.Method, groups, share, chance, shortOf);
        }

        return result;
    }
}
