using System.Globalization;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Metrics;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// The precision a run's derived figures are stored at (docs/metrics.md, "Stored precision"): money in its currency's
/// minor units, percentages to 6 decimals, ticks to 6, prices and quantities to 10; ratios, probabilities and durations
/// at full precision, since rounding them would move the statistics computed from them. Every figure is computed at full
/// precision and rounded once, as it is stored: a total is its unrounded parts' sum rounded, so it can differ from the
/// sum of its rounded parts by their rounding. The file's analysis, a running run's, and the team store's all store
/// through this one rule (<see cref="AnalysisSteps"/>, <see cref="AnalysisRows"/>).
/// </summary>
public sealed class StoredPrecision
{
    /// <summary>Decimals of a percentage (2.395978 %).</summary>
    public const int PercentDecimals = 6;

    /// <summary>Decimals of a distance in ticks.</summary>
    public const int TickDecimals = 6;

    /// <summary>Decimals of a price or a quantity: a crypto price or lot has up to 8, an average a few more.</summary>
    public const int PriceDecimals = 10;

    /// <summary>Decimals of money in a currency whose minor units are not known (a coin, a code the table lacks).</summary>
    public const int UnknownCurrencyDecimals = 8;

    // ISO 4217 minor units of the currencies that have other than two; a three-letter fiat code not listed has two.
    private static readonly Dictionary<string, int> OtherMinorUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["JPY"] = 0, ["KRW"] = 0, ["VND"] = 0, ["CLP"] = 0, ["ISK"] = 0, ["HUF"] = 2, ["TWD"] = 2, ["IDR"] = 2,
        ["BHD"] = 3, ["KWD"] = 3, ["OMR"] = 3, ["JOD"] = 3, ["TND"] = 3, ["IQD"] = 3, ["LYD"] = 3,
    };

    // Fiat codes with two minor units that traders meet; anything else (USDT, BTC, ETH, an exchange's own code) is a
    // coin or unknown and keeps UnknownCurrencyDecimals.
    private static readonly HashSet<string> TwoMinorUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        "USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "HKD", "SGD", "SEK", "NOK", "DKK", "PLN", "CZK", "ZAR", "MXN",
        "BRL", "INR", "CNY", "CNH", "RUB", "TRY", "ILS", "THB", "MYR", "PHP", "AED", "SAR", "ARS", "COP", "PEN", "RON",
    };

    private StoredPrecision(int moneyDecimals) => MoneyDecimals = moneyDecimals;

    /// <summary>Decimals of the run's money: its currency's minor units, or <see cref="UnknownCurrencyDecimals"/>.</summary>
    public int MoneyDecimals { get; }

    /// <summary>
    /// The precision of a run whose instruments are quoted in <paramref name="currencies"/>: one currency with known
    /// minor units gives them; none, several or an unknown one give <see cref="UnknownCurrencyDecimals"/>.
    /// </summary>
    public static StoredPrecision Of(IEnumerable<string?> currencies)
    {
        ArgumentNullException.ThrowIfNull(currencies);
        var distinct = currencies.Select(c => c?.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        return new StoredPrecision(distinct is [{ } only] ? CurrencyDecimals(only) : UnknownCurrencyDecimals);
    }

    /// <summary>The precision of the run <paramref name="input"/> describes (its instruments' currencies).</summary>
    internal static StoredPrecision Of(RunInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Of((input.Context?.Symbols.Values ?? []).Select(s => s.Currency));
    }

    /// <summary>The minor units of a currency code, <see cref="UnknownCurrencyDecimals"/> where not known.</summary>
    public static int CurrencyDecimals(string currency) =>
        OtherMinorUnits.TryGetValue(currency, out var units) ? units
        : TwoMinorUnits.Contains(currency) ? 2
        : UnknownCurrencyDecimals;

    public double Money(double value) => Round(value, MoneyDecimals);

    public double? Money(double? value) => value is { } v ? Money(v) : null;

    public static double Percent(double value) => Round(value, PercentDecimals);

    public static double? Percent(double? value) => value is { } v ? Percent(v) : null;

    public static double Price(double value) => Round(value, PriceDecimals);

    public static double? Price(double? value) => value is { } v ? Price(v) : null;

    public static double? Ticks(double? value) => value is { } v ? Round(v, TickDecimals) : null;

    /// <summary>A metric at the precision its unit says (money, pct, price, ticks); any other unit as computed.</summary>
    internal Metric Of(Metric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return metric.Value is not { } value ? metric : metric with
        {
            Value = metric.Unit switch
            {
                MetricUnits.Money => Money(value),
                MetricUnits.Percent => Percent(value),
                MetricUnits.Price => Price(value),
                MetricUnits.Ticks => Round(value, TickDecimals),
                _ => value,
            },
        };
    }

    /// <summary>
    /// The analysis as it is stored: trades, open positions, execution quality, metrics and equity at their precision.
    /// The equity's drawdown is taken again from the rounded equity (peak − equity, its share of the peak), as the
    /// file's run_equity view takes it, so a curve reads the same from a file and from the team store.
    /// </summary>
    internal RunAnalysis Apply(RunAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return Apply(analysis, Trades(analysis.Trades), OpenPositions(analysis.OpenPositions));
    }

    /// <summary>
    /// The rest of <paramref name="analysis"/> at its precision, beside its trades and open positions already so (and its
    /// curve, <paramref name="curve"/>, if given: <see cref="Curve"/> of the analysis' own).
    /// </summary>
    internal RunAnalysis Apply(RunAnalysis analysis, IReadOnlyList<RoundTrip> trades, IReadOnlyList<OpenPosition> openPositions,
        CurvedAnalysis? curve = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        curve ??= Curve(new CurvedAnalysis(analysis.Equity, analysis.EquityMarks, analysis.Orders));
        return analysis with
        {
            Trades = trades,
            OpenPositions = openPositions,
            Orders = curve.Orders,
            Metrics = analysis.Metrics.Select(Of).ToList(),
            Equity = curve.Equity,
        };
    }

    /// <summary>
    /// A run's equity and execution rows at their precision; the equity rounded already when given
    /// (<paramref name="rounded"/>: <see cref="StoredCurve"/>).
    /// </summary>
    internal CurvedAnalysis Curve(CurvedAnalysis curve, IReadOnlyList<EquityPoint>? rounded = null)
    {
        ArgumentNullException.ThrowIfNull(curve);
        return curve with
        {
            Equity = rounded ?? Equity(curve.Equity),
            Orders = curve.Orders.Select(o => o with
            {
                Quantity = Price(o.Quantity), FilledQuantity = Price(o.FilledQuantity), OverfilledQuantity = Price(o.OverfilledQuantity),
                AverageFillPrice = Price(o.AverageFillPrice), ReferencePrice = Price(o.ReferencePrice), SlippagePrice = Price(o.SlippagePrice),
                SlippageTicks = Ticks(o.SlippageTicks), SlippageMoney = Money(o.SlippageMoney),
            }).ToList(),
        };
    }

    /// <summary>Closed trades at their precision.</summary>
    internal List<RoundTrip> Trades(IEnumerable<RoundTrip> trades) =>
        trades.Select(t => t with
        {
            Quantity = Price(t.Quantity), EntryPrice = Price(t.EntryPrice), ExitPrice = Price(t.ExitPrice),
            GrossPnl = Money(t.GrossPnl), Fees = Money(t.Fees), NetPnl = Money(t.NetPnl), PnlPct = Percent(t.PnlPct),
            Mae = Money(t.Mae), Mfe = Money(t.Mfe), InitialStop = Price(t.InitialStop),
        }).ToList();

    /// <summary>Open positions at their precision.</summary>
    internal List<OpenPosition> OpenPositions(IEnumerable<OpenPosition> positions) =>
        positions.Select(p => p with
        {
            Quantity = Price(p.Quantity), AverageEntryPrice = Price(p.AverageEntryPrice), MarkPrice = Price(p.MarkPrice),
            UnrealisedPnl = Money(p.UnrealisedPnl), RealisedPnl = Money(p.RealisedPnl), EntryFees = Money(p.EntryFees),
        }).ToList();

    /// <summary>The equity points rounded, each one's drawdown from the running peak of the rounded equity.</summary>
    internal IReadOnlyList<EquityPoint> Equity(IReadOnlyList<EquityPoint> points)
    {
        var rounded = new ChunkedList<EquityPoint>();
        rounded.EnsureCapacity(points.Count);
        Equity(points, rounded);
        return rounded;
    }

    /// <summary>
    /// <see cref="Equity(IReadOnlyList{EquityPoint})"/> of <paramref name="points"/> into <paramref name="rounded"/>, which
    /// holds the first of them rounded at this precision already (an earlier curve's, <see cref="StoredCurve"/>: a point's
    /// rounding and drawdown depend on it and the points before it alone): the rest are rounded and added.
    /// </summary>
    internal void Equity(IReadOnlyList<EquityPoint> points, ChunkedList<EquityPoint> rounded)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(rounded);
        var peak = double.NegativeInfinity;
        for (var i = 0; i < rounded.Count; i++)
        {
            peak = Math.Max(peak, rounded[i].Equity);
        }

        for (var i = rounded.Count; i < points.Count; i++)
        {
            var p = points[i];
            var equity = Money(p.Equity);
            peak = Math.Max(peak, equity);
            var drawdown = Money(peak - equity);
            double? pct = p.DrawdownPct is not null && peak > 0 ? Percent((peak - equity) / peak * 100) : null;
            rounded.Add(new EquityPoint(p.TimeUtc, equity, drawdown, pct));
        }
    }

    /// <summary>An insight row's values (<see cref="InsightRows"/>) each at its column's precision, found by the column's name.</summary>
    internal void Round(string[] columns, Span<StoredCell> row)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var kinds = KindsOf(columns);
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i].Kind == CellKind.Real && kinds[i] is { } kind)
            {
                var value = row[i].Real;
                row[i] = StoredCell.Of(kind switch
                {
                    Kind.Money => Money(value),
                    Kind.Price => Price(value),
                    _ => Round(value, TickDecimals),
                });
            }
        }
    }

    // Each column's kind, looked up once per list of columns (InsightRows has two), not once per value; held while the
    // list is.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string[], Kind?[]> ColumnKinds = [];

    private static Kind?[] KindsOf(string[] columns) =>
        ColumnKinds.GetValue(columns, c => c.Select(name => InsightKinds.TryGetValue(name, out var kind) ? kind : (Kind?)null).ToArray());

    private enum Kind
    {
        Money, Price, Ticks,
    }

    // The insight's columns that are money, prices or quantities, or ticks; the others (ratios, efficiencies, seconds) are kept.
    private static readonly Dictionary<string, Kind> InsightKinds = new(StringComparer.Ordinal)
    {
        ["intended_quantity"] = Kind.Price, ["filled_quantity"] = Kind.Price, ["decision_price"] = Kind.Price,
        ["submission_price"] = Kind.Price, ["avg_fill_price"] = Kind.Price, ["end_price"] = Kind.Price,
        ["delay"] = Kind.Money, ["execution"] = Kind.Money, ["fees"] = Kind.Money, ["opportunity"] = Kind.Money, ["total"] = Kind.Money,
        ["entry_delta"] = Kind.Price, ["entry_cum_delta"] = Kind.Price, ["exit_delta"] = Kind.Price, ["exit_cum_delta"] = Kind.Price,
        ["entry_poc_ticks"] = Kind.Ticks, ["exit_poc_ticks"] = Kind.Ticks, ["stop_moved_ticks"] = Kind.Ticks,
        ["initial_stop"] = Kind.Price, ["final_stop"] = Kind.Price, ["target_price"] = Kind.Price, ["etd"] = Kind.Money,
    };

    /// <summary>
    /// Half away from zero at <paramref name="decimals"/> (0 to 15), as SQLite's ROUND rounds the same number, so that a view
    /// that rounds in SQL (a marked equity point, a drawdown, a sum) shows what the analysis stored. A value whose integer
    /// part is 2^52 or more is kept. −0 comes out as 0, so SQLite and PostgreSQL store the same row.
    /// </summary>
    /// <remarks>
    /// Math.Round rounds the product value × 10^d, itself rounded: 86214.965, stored as 86214.964999999997, became
    /// 86214.97 where SQLite gives 86214.96. Here the product's rounding error is taken exactly (a fused multiply-add) and
    /// says on which side of the half the number lies (on it, away from zero), and the result is the double nearest the rounded decimal, as
    /// SQLite's reading of its printed digits gives. SQLite decides on the number's decimal digits as its printf makes them
    /// (<see cref="SqliteDigits"/>), which can fall on the other side of a half than the exact number when it lies within
    /// a few units of the nineteenth digit of it: so near, the digits decide here too. With no decimals SQLite adds a half
    /// and truncates, and so does this.
    /// </remarks>
    public static double Round(double value, int decimals)
    {
        if ((uint)decimals > MaxDecimals)
        {
            throw new ArgumentOutOfRangeException(nameof(decimals), decimals, $"from 0 to {MaxDecimals}");
        }

        var size = Math.Abs(value);
        if (!(size < TwoTo52))
        {
            // NaN, an infinity, or a number without a fractional part at this size.
            return value;
        }

        double rounded;
        if (decimals == 0)
        {
            rounded = Math.Truncate(size + 0.5);
        }
        else
        {
            var scale = PowersOfTen[decimals];
            var product = size * scale;
            // size × scale = product + error exactly; the number lies (product − whole − 0.5) + error above the half, in
            // units of the last decimal kept: both terms exact, compared without rounding their sum.
            var error = Math.FusedMultiplyAdd(size, scale, -product);
            var whole = Math.Floor(product);
            var aboveHalf = product - whole - 0.5;
            var above = aboveHalf + error;
            if (aboveHalf == -error)
            {
                rounded = (whole + 1) / scale;
            }
            else if (product >= TwoTo52 || Math.Abs(above) <= product * NearHalf)
            {
                rounded = SqliteDigits(size, decimals);
            }
            else
            {
                // Away from the half, the sum's sign is the number's side of it: one more unit above (without a branch,
                // which a run's figures, on either side at random, would mispredict half the time).
                rounded = (whole + (1 + (BitConverter.DoubleToInt64Bits(above) >> 63))) / scale;
            }
        }

        // The number's sign; + 0.0 makes −0 the 0 stored.
        return Math.CopySign(rounded, value) + 0.0;
    }

    // Nearer the half than this share of the number (but not on it: a half exactly is rounded up, as SQLite's exact digits
    // do), SQLite's digits may fall on the other side of it than the number: they are the number scaled into
    // [2^63 / 10, 2^63) read as an integer, a unit of which is at most 1.08e-18 of the number, and they may be a unit off.
    private const double NearHalf = 5e-18;

    /// <summary>
    /// ROUND(<paramref name="size"/>, <paramref name="decimals"/>) as SQLite computes it for a positive number below 2^52:
    /// printf's decimal digits of it (the number scaled by tens into [2^63 / 10, 2^63) as a pair of doubles, Dekker's
    /// product, read as an integer with the pair's second part truncated), rounded at the last decimal by the digit after it
    /// alone, then read back as the nearest double.
    /// </summary>
    internal static double SqliteDigits(double size, int decimals)
    {
        if (size == 0)
        {
            return 0;
        }

        var (high, low, exponent) = (size, 0.0, 0);
        while (high < 9.223372036854774784e-83)
        {
            exponent -= 100;
            Dekker(ref high, ref low, 1.0e+100, -1.5902891109759918046e+83);
        }

        while (high < 9.223372036854774784e+07)
        {
            exponent -= 10;
            Dekker(ref high, ref low, 1.0e+10, 0);
        }

        while (high < 9.22337203685477478e+17)
        {
            exponent -= 1;
            Dekker(ref high, ref low, 10, 0);
        }

        var integer = low < 0 ? (ulong)high - (ulong)-low : (ulong)high + (ulong)low;
        var text = integer.ToString(CultureInfo.InvariantCulture);
        var digits = text.ToCharArray().Select(c => c - '0').ToList();
        var point = digits.Count + exponent;
        var keep = point + decimals;
        if (keep == 0 && digits[0] >= 5)
        {
            // Below the last decimal but at least half of it: one unit of it.
            digits.Insert(0, 0);
            point++;
            keep = 1;
        }

        if (keep <= 0)
        {
            return 0;
        }

        keep = Math.Min(keep, SqliteSignificantDigits);
        if (keep < digits.Count)
        {
            var up = digits[keep] >= 5;
            digits.RemoveRange(keep, digits.Count - keep);
            for (var j = keep - 1; up && j >= 0; j--)
            {
                digits[j] = (digits[j] + 1) % 10;
                up = digits[j] == 0;
            }

            if (up)
            {
                digits.Insert(0, 1);
                point++;
            }
        }

        var kept = string.Concat(digits.Select(d => (char)('0' + d)));
        return double.Parse(string.Create(CultureInfo.InvariantCulture, $"{kept}E{point - digits.Count}"), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    // The most significant digits SQLite's ROUND prints a number with (its printf's alternate form, "%!.*f").
    private const int SqliteSignificantDigits = 26;

    // (high, low) × (y, yy) in double-double arithmetic, each operation as SQLite's own (T. J. Dekker, "A Floating-Point
    // Technique for Extending the Available Precision", 1971): the halves split by clearing the low 26 bits.
    private static void Dekker(ref double high, ref double low, double y, double yy)
    {
        var hx = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(high) & unchecked((long)0xfffffffffc000000UL));
        var tx = high - hx;
        var hy = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(y) & unchecked((long)0xfffffffffc000000UL));
        var ty = y - hy;
        var p = hx * hy;
        var q = (hx * ty) + (tx * hy);
        var c = p + q;
        var cc = p - c + q + (tx * ty);
        cc = (high * yy) + (low * y) + cc;
        high = c + cc;
        low = c - high;
        low += cc;
    }

    private const double TwoTo52 = 4503599627370496.0;

    private const int MaxDecimals = 15;

    private static readonly double[] PowersOfTen = Enumerable.Range(0, MaxDecimals + 1).Select(d => Math.Pow(10, d)).ToArray();
}
