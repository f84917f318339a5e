namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// The passes that have an objective, in id order, with their inputs laid out per name. An input is numeric when
/// every one of these passes gives it a finite number; otherwise it is compared as text (a pass without it reads
/// <see cref="Missing"/>).
/// </summary>
internal sealed class StudyInputs
{
    public const string Missing = "(missing)";

    private readonly Dictionary<string, double[]> numbers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> texts = new(StringComparer.Ordinal);

    public StudyInputs(IReadOnlyList<StudyPass> passes)
    {
        this.Passes = passes;
        this.Objectives = new double[passes.Count];
        var names = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < passes.Count; i++)
        {
            this.Objectives[i] = passes[i].Objective!.Value;
            names.UnionWith(passes[i].Parameters.Keys);
        }

        this.Names = [.. names];
        foreach (var name in this.Names)
        {
            var values = new double[passes.Count];
            var numeric = true;
            for (var i = 0; i < passes.Count && numeric; i++)
            {
                numeric = passes[i].Parameters.TryGetValue(name, out var value) && value.Number is not null;
                values[i] = numeric ? value.Number!.Value : 0;
            }

            if (numeric)
            {
                this.numbers[name] = values;
            }
            else
            {
                this.texts[name] = passes.Select(p => p.Parameters.TryGetValue(name, out var v) ? v.ToString() : Missing).ToArray();
            }
        }
    }

    public IReadOnlyList<StudyPass> Passes { get; }

    public double[] Objectives { get; }

    /// <summary>Every input's name, ordinal order.</summary>
    public IReadOnlyList<string> Names { get; }

    public int Count => this.Passes.Count;

    /// <summary>The input's value per pass when it is numeric, else null.</summary>
    public double[]? Numbers(string name) => this.numbers.GetValueOrDefault(name);

    /// <summary>The input's value per pass as text (numbers in their invariant round-trip form).</summary>
    public string[] Texts(string name) =>
        this.texts.TryGetValue(name, out var t) ? t : this.Passes.Select(p => p.Parameters[name].ToString()).ToArray();

    public bool Contains(string name) => this.numbers.ContainsKey(name) || this.texts.ContainsKey(name);

    /// <summary>True when <paramref name="a"/> is a better objective than <paramref name="b"/>.</summary>
    public static bool Better(double a, double b, bool higherIsBetter) => higherIsBetter ? a > b : a < b;

    /// <summary>The best pass by objective (ties: the first in id order), or −1 when there is none.</summary>
    public int Best(bool higherIsBetter)
    {
        var best = -1;
        for (var i = 0; i < this.Count; i++)
        {
            if (best < 0 || Better(this.Objectives[i], this.Objectives[best], higherIsBetter))
            {
                best = i;
            }
        }

        return best;
    }
}
