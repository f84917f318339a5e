namespace QuantowerRecorder.ReadModels;

/// <summary>One page of GET /api/runs/: how many runs match in all, and this page of them.</summary>
public sealed record RunPageRecord(long Total, int Limit, int Offset, IReadOnlyList<RunRecord> Items);
