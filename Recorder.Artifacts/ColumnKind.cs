namespace QuantowerRecorder.Artifacts;

/// <summary>What a stored column becomes in Parquet.</summary>
internal enum ColumnKind
{
    Text,
    /// <summary>A string drawn from a small set (side, status, symbol, currency…): dictionary-encoded.</summary>
    Enumeration,
    Integer,
    Real,
    /// <summary>Stored ISO-8601 UTC text: a timestamp in nanoseconds of UTC, so every tick (100 ns) survives.</summary>
    Timestamp,
}

/// <summary>
/// The Parquet type of each column the export tables hold, by its schema name. The read API gives values as SQLite
/// holds them, without types, and an empty table or an all-NULL column still needs its type, so the names decide.
/// </summary>
internal static class ColumnKinds
{
    private static readonly HashSet<string> Enumerations = new(StringComparer.Ordinal)
    {
        "symbol", "account_id", "side", "order_type", "tif", "status", "position_impact", "oco_role", "fee_currency",
        "liquidity", "excursion_source", "exit_reason", "timeframe", "currency",
    };

    private static readonly HashSet<string> Integers = new(StringComparer.Ordinal) { "trade_no", "seq", "is_open" };

    private static readonly HashSet<string> Reals = new(StringComparer.Ordinal)
    {
        "quantity", "price", "stop_price", "filled_quantity", "avg_fill_price", "fee", "entry_price", "exit_price",
        "gross_pnl", "fees", "net_pnl", "pnl_percent", "holding_seconds", "mae", "mfe", "initial_stop", "r_multiple",
        "unrealized_pnl", "open", "high", "low", "close", "volume", "equity", "drawdown", "drawdown_pct",
    };

    public static ColumnKind Of(string column)
    {
        if (column.EndsWith("_utc", StringComparison.Ordinal))
        {
            return ColumnKind.Timestamp;
        }

        if (Enumerations.Contains(column))
        {
            return ColumnKind.Enumeration;
        }

        if (Integers.Contains(column))
        {
            return ColumnKind.Integer;
        }

        return Reals.Contains(column) ? ColumnKind.Real : ColumnKind.Text;
    }
}
