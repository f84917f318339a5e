using System.Globalization;

namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// Closed trades grouped by one attribute (docs/metrics.md, "Breakdowns"). Times are those of the entry, in
/// <c>zone</c> (UTC when null). Rows are in the key's natural order: hours 00–23, Monday to Sunday, else ordinal.
/// </summary>
public static class TradeBreakdowns
{
    /// <summary>Text used for a trade without an entry tag.</summary>
    public const string NoTag = "(none)";

    /// <summary>By hour of the entry, "00" … "23".</summary>
    public static IReadOnlyList<BreakdownRow> ByHourOfDay(IEnumerable<RoundTrip> trades, TimeZoneInfo? zone = null) =>
        Group(trades, t => Local(t, zone).Hour.ToString("00", CultureInfo.InvariantCulture), StringComparer.Ordinal);

    /// <summary>By day of the week of the entry, "Monday" … "Sunday".</summary>
    public static IReadOnlyList<BreakdownRow> ByDayOfWeek(IEnumerable<RoundTrip> trades, TimeZoneInfo? zone = null) =>
        Group(trades, t => Local(t, zone).DayOfWeek.ToString(), Comparer<string>.Create((a, b) => Monday(a).CompareTo(Monday(b))));

    /// <summary>By side, "LONG" / "SHORT".</summary>
    public static IReadOnlyList<BreakdownRow> BySide(IEnumerable<RoundTrip> trades) =>
        Group(trades, t => t.Side == TradeSide.Long ? "LONG" : "SHORT", StringComparer.Ordinal);

    public static IReadOnlyList<BreakdownRow> BySymbol(IEnumerable<RoundTrip> trades) => Group(trades, t => t.Symbol, StringComparer.Ordinal);

    /// <summary>By entry tag; <see cref="NoTag"/> for trades without one.</summary>
    public static IReadOnlyList<BreakdownRow> ByEntryTag(IEnumerable<RoundTrip> trades) =>
        Group(trades, t => string.IsNullOrEmpty(t.EntryTag) ? NoTag : t.EntryTag, StringComparer.Ordinal);

    /// <summary>By exit reason, as stored: "TP", "SL", "REVERSAL", "OTHER".</summary>
    public static IReadOnlyList<BreakdownRow> ByExitReason(IEnumerable<RoundTrip> trades) => Group(trades, t => t.ExitReason switch
    {
        ExitReason.TakeProfit => "TP",
        ExitReason.StopLoss => "SL",
        ExitReason.Reversal => "REVERSAL",
        _ => "OTHER",
    }, StringComparer.Ordinal);

    /// <summary>
    /// One row per distinct key (compared ordinally), in <paramref name="order"/>; a row's win rate is in percent
    /// (0–100).
    /// </summary>
    public static IReadOnlyList<BreakdownRow> Group(IEnumerable<RoundTrip> trades, Func<RoundTrip, string> key, IComparer<string> order)
    {
        ArgumentNullException.ThrowIfNull(trades);
        return trades
            .GroupBy(key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, order)
            .Select(g => Row(g.Key, g.ToList()))
            .ToList();
    }

    private static BreakdownRow Row(string key, List<RoundTrip> trades)
    {
        var wins = trades.Count(t => t.NetPnl > 0);
        var net = trades.Sum(t => t.NetPnl);
        return new BreakdownRow(key, trades.Count, wins, 100.0 * wins / trades.Count, net, net / trades.Count, trades.Sum(t => t.GrossPnl), trades.Sum(t => t.Fees));
    }

    private static DateTime Local(RoundTrip trade, TimeZoneInfo? zone)
    {
        var utc = DateTime.SpecifyKind(trade.EntryTimeUtc, DateTimeKind.Utc);
        return zone is null ? utc : TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
    }

    // Monday first (ISO), Sunday last.
    private static int Monday(string day) => ((int)Enum.Parse<DayOfWeek>(day) + 6) % 7;
}
