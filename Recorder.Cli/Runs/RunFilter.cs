namespace QuantowerRecorder.Cli.Runs;

/// <summary>What `runs` narrows the list to; null members do not filter.</summary>
internal sealed record RunFilter
{
    public string? Strategy { get; init; }
    public string? Instance { get; init; }
    public string? RunType { get; init; }
    public string? Status { get; init; }
    public DateTime? SinceUtc { get; init; }
    public DateTime? UntilUtc { get; init; }
}
