namespace QuantowerRecorder.Server.Reading;

/// <summary>The filters, sort and page of `GET /api/runs/`.</summary>
internal sealed record RunQuery
{
    /// <summary>The columns runs can be sorted by; the client names one of these, nothing else reaches the SQL.</summary>
    public static readonly IReadOnlyList<string> SortColumns =
    [
        "start_utc", "end_utc", "strategy", "instance_name", "run_type", "status", "net_pnl", "total_return_pct", "sharpe",
        "max_drawdown_pct", "trade_count", "win_rate", "profit_factor", "duration_s",
    ];

    public const int MaxLimit = 1000;

    public string? Strategy { get; init; }

    public string? Instance { get; init; }

    public string? Type { get; init; }

    public string? Status { get; init; }

    public DateTime? From { get; init; }

    public DateTime? To { get; init; }

    public string SortColumn { get; init; } = "start_utc";

    public bool Descending { get; init; } = true;

    public int Limit { get; init; } = 100;

    public int Offset { get; init; }
}
