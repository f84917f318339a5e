using QuantowerRecorder.Analytics.Study;
using QuantowerRecorder.Analytics.Validation;

namespace QuantowerRecorder.Tests.Analytics.Study;

/// <summary>Builds passes for the study tests, and seeded normal noise that is the same on every platform.</summary>
internal static class StudyPasses
{
    public static StudyPass Pass(string id, double? objective, params (string Name, object Value)[] parameters) =>
        Pass(id, objective, [], parameters);

    public static StudyPass Pass(string id, double? objective, double[] returns, params (string Name, object Value)[] parameters)
    {
        var map = parameters.ToDictionary(
            p => p.Name,
            p => p.Value is string text ? ParameterValue.Of(text) : ParameterValue.Of(Convert.ToDouble(p.Value, System.Globalization.CultureInfo.InvariantCulture)),
            StringComparer.Ordinal);
        return new StudyPass(id, map, objective, returns);
    }

    /// <summary>Returns only: a pass for the overfitting statistics.</summary>
    public static StudyPass Returns(string id, double[] returns) => new(id, new Dictionary<string, ParameterValue>(), null, returns);

    /// <summary>Standard normal draws by Box–Muller from xoshiro256** (integer arithmetic, so the same bits everywhere).</summary>
    public static double[] Normals(Xoshiro256 random, int count, double mean, double sd)
    {
        var result = new double[count];
        for (var i = 0; i < count; i += 2)
        {
            var u1 = ((random.NextUInt64() >> 11) + 1) * (1.0 / 9007199254740993.0);
            var u2 = (random.NextUInt64() >> 11) * (1.0 / 9007199254740992.0);
            var r = Math.Sqrt(-2 * Math.Log(u1));
            result[i] = mean + (sd * r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < count)
            {
                result[i + 1] = mean + (sd * r * Math.Sin(2 * Math.PI * u2));
            }
        }

        return result;
    }

    /// <summary>The same passes in another order: the analysis must not depend on it.</summary>
    public static StudyPass[] Shuffled(IReadOnlyList<StudyPass> passes, ulong seed)
    {
        var copy = passes.ToArray();
        var random = new Xoshiro256(seed);
        for (var i = copy.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }

        return copy;
    }
}
