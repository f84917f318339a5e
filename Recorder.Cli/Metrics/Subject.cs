namespace QuantowerRecorder.Cli.Metrics;

/// <summary>Something compared: one run, or an instance (a parameter set) over all its runs.</summary>
internal sealed record Subject(bool IsInstance, string Id, string Label, IReadOnlyList<string> RunIds);
