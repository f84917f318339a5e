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
    /// Half away from zero at <paramref name="decimals"/> (0 to 15), as SQLite's ROUND rounds the same number
    /// (<see cref="SqliteRound"/>), so that a view that rounds in SQL shows what the analysis stored. −0 comes out as 0, so
    /// SQLite and PostgreSQL store the same row.
    /// </summary>
    public static double Round(double value, int decimals) => SqliteRound.Of(value, decimals);
}
