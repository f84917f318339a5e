namespace QuantowerRecorder.Analytics.Metrics;

/// <summary>Collects metrics and notes; a NaN or infinite value is stored as null with a note, never as is.</summary>
internal sealed class MetricSet
{
    private readonly List<Metric> metrics = [];
    private readonly List<AnalysisNote> notes = [];

    public IReadOnlyList<Metric> Metrics => this.metrics;

    public IReadOnlyList<AnalysisNote> Notes => this.notes;

    public void Add(string key, double? value, string unit)
    {
        if (value is { } v && !double.IsFinite(v))
        {
            Note(key, "the computed value was not finite and is reported as null");
            value = null;
        }

        this.metrics.Add(new Metric(key, value, unit));
    }

    /// <summary>Adds the metric, with a note saying why when it is null.</summary>
    public void Add(string key, double? value, string unit, string whyNull)
    {
        Add(key, value, unit);
        if (value is null)
        {
            Note(key, whyNull);
        }
    }

    public void Note(string key, string message) => this.notes.Add(new AnalysisNote(key, message));

    /// <summary>Sets the metrics <paramref name="which"/> selects to null, keeping their place.</summary>
    public void Blank(Func<Metric, bool> which)
    {
        for (var i = 0; i < this.metrics.Count; i++)
        {
            if (this.metrics[i].Value is not null && which(this.metrics[i]))
            {
                this.metrics[i] = this.metrics[i] with { Value = null };
            }
        }
    }
}
