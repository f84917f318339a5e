namespace QuantowerRecorder.ReadModels;

/// <summary>
/// Something compared: one run, or one phase of an instance (a parameter set) over its runs of that phase —
/// <see cref="Phase"/> is <c>BACKTEST</c> or <c>FORWARD</c> (live, paper, replay), as <c>v_instance_comparison</c> keeps
/// them; null for a run.
/// </summary>
public sealed record Subject(bool IsInstance, string Id, string Label, IReadOnlyList<string> RunIds, string? Phase = null);
