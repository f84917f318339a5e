using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Tests.Analytics.Insight;

/// <summary>Builds closed trades by hand, as RunAnalyzer would: gross = direction × (exit − entry) × quantity × point value.</summary>
internal static class Trades
{
    /// <summary>A Tuesday, 09:00 UTC.</summary>
    public static readonly DateTime T0 = new(2024, 1, 2, 9, 0, 0, DateTimeKind.Utc);

    public static DateTime At(double minutes) => T0.AddMinutes(minutes);

    public static RoundTrip Make(
        TradeSide side,
        double quantity,
        double entryMinute,
        double entryPrice,
        double exitMinute,
        double exitPrice,
        double fees = 0,
        double pointValue = 1,
        string symbol = "ES",
        int number = 1,
        double mae = 0,
        double mfe = 0,
        string? entryTag = null,
        ExitReason exitReason = ExitReason.Other)
    {
        var direction = side == TradeSide.Long ? 1 : -1;
        var gross = direction * (exitPrice - entryPrice) * quantity * pointValue;
        return new RoundTrip
        {
            Number = number,
            Symbol = symbol,
            Account = "A",
            Side = side,
            Quantity = quantity,
            EntryTimeUtc = At(entryMinute),
            EntryPrice = entryPrice,
            ExitTimeUtc = At(exitMinute),
            ExitPrice = exitPrice,
            GrossPnl = gross,
            Fees = fees,
            NetPnl = gross - fees,
            PnlPct = null,
            HoldingTime = At(exitMinute) - At(entryMinute),
            Mae = mae,
            Mfe = mfe,
            ExcursionSource = ExcursionSource.Bars,
            EntryOrderIds = [$"e{number}"],
            ExitOrderIds = [$"x{number}"],
            EntryTag = entryTag,
            ExitReason = exitReason,
        };
    }

    /// <summary>One-minute bars of <paramref name="symbol"/> from <paramref name="firstMinute"/> with these closes (open = high = low = close).</summary>
    public static BarSeries Closes(double firstMinute, string symbol, params double[] closes) =>
        new(symbol, closes.Select((c, i) => new Bar(At(firstMinute + i), c, c, c, c, 1)).ToList()) { BarDuration = TimeSpan.FromMinutes(1) };
}
