using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// Reconciles a forward (live or paper) run with its backtest: which trades both took, which one missed, and where
/// the difference in net PnL comes from. Definitions: docs/metrics.md, "Reconciliation".
/// </summary>
public static class Reconciler
{
    /// <summary>Matches trades by symbol, side and entry time within the tolerance, and builds the PnL bridge.</summary>
    public static Reconciliation Reconcile(ReconciliationSide backtest, ReconciliationSide forward, ReconciliationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(backtest);
        ArgumentNullException.ThrowIfNull(forward);
        options ??= ReconciliationOptions.Default;
        if (options.EntryTolerance < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "the entry tolerance must not be negative");
        }

        var b = backtest.Trades.OrderBy(t => t.EntryTimeUtc).ThenBy(t => t.Number).ToList();
        var f = forward.Trades.OrderBy(t => t.EntryTimeUtc).ThenBy(t => t.Number).ToList();
        var pairs = Pair(b, f, options.EntryTolerance.Ticks);

        var notes = new List<string>();
        var pricer = new Pricer(backtest, forward);
        var matched = pairs.OrderBy(p => p.B).Select(p => pricer.Match(b[p.B], f[p.F])).ToList();
        var unknown = matched.Count(m => !m.TimingKnown);
        if (unknown > 0)
        {
            notes.Add($"{unknown} matched trade(s) without a market price at an entry or exit (no bar had ended by then): their timing is 0 and slippage holds the whole price difference");
        }

        var usedB = pairs.Select(p => p.B).ToHashSet();
        var usedF = pairs.Select(p => p.F).ToHashSet();
        var missed = b.Where((_, i) => !usedB.Contains(i)).ToList();
        var extra = f.Where((_, i) => !usedF.Contains(i)).ToList();
        notes.AddRange(pricer.Fallbacks.Select(s => $"{s}: no point value recorded; money figures use point value 1"));
        var currencies = Currencies(backtest, b);
        currencies.UnionWith(Currencies(forward, f));
        PnlBridge? bridge = null;
        if (currencies.Count > 1)
        {
            // Amounts in different currencies are never added: reconcile one currency's symbols at a time.
            notes.Add($"the trades are in {string.Join(", ", currencies)}: no PnL bridge, since amounts in different currencies are not added");
        }
        else
        {
            bridge = Bridge(b, f, matched, missed, extra) with { Currency = currencies.Min };
        }

        return new Reconciliation
        {
            Matched = matched,
            Missed = missed,
            Extra = extra,
            Bridge = bridge,
            Notes = notes,
        };
    }

    private static SortedSet<string> Currencies(ReconciliationSide side, List<RoundTrip> trades)
    {
        var instruments = new Instruments(side.Context);
        return new SortedSet<string>(trades.Select(t => instruments.Currency(t.Symbol)).OfType<string>(), StringComparer.Ordinal);
    }

    private static PnlBridge Bridge(List<RoundTrip> b, List<RoundTrip> f, List<TradeMatch> matched, List<RoundTrip> missed, List<RoundTrip> extra)
    {
        var backtestNet = b.Sum(t => t.NetPnl);
        var forwardNet = f.Sum(t => t.NetPnl);
        var missedPart = -missed.Sum(t => t.NetPnl);
        var extraPart = extra.Sum(t => t.NetPnl);
        var entry = matched.Sum(m => m.EntrySlippage);
        var exit = matched.Sum(m => m.ExitSlippage);
        var fees = matched.Sum(m => m.Fees);
        var timing = matched.Sum(m => m.Timing);

        // The rest is taken as the remainder (mathematically Σ of the pairs' rests), so the parts close the bridge
        // to the last bit floating point allows.
        var rest = forwardNet - backtestNet - (missedPart + extraPart + entry + exit + fees + timing);
        return new PnlBridge(backtestNet, forwardNet, new PnlBridgeParts(missedPart, extraPart, entry, exit, fees, timing, rest));
    }

    // Greedy by closeness: of all candidate pairs (same symbol and side, entries within the tolerance), the closest
    // in time is taken first; ties by backtest then forward order. Deterministic, and a trade is used at most once.
    private static List<(int B, int F)> Pair(List<RoundTrip> b, List<RoundTrip> f, long tolerance)
    {
        var candidates = new List<(long Gap, int B, int F)>();
        var start = 0;
        for (var i = 0; i < b.Count; i++)
        {
            var from = b[i].EntryTimeUtc.Ticks - tolerance;
            while (start < f.Count && f[start].EntryTimeUtc.Ticks < from)
            {
                start++;
            }

            for (var j = start; j < f.Count && f[j].EntryTimeUtc.Ticks <= b[i].EntryTimeUtc.Ticks + tolerance; j++)
            {
                if (string.Equals(b[i].Symbol, f[j].Symbol, StringComparison.Ordinal) && b[i].Side == f[j].Side)
                {
                    candidates.Add((Math.Abs(f[j].EntryTimeUtc.Ticks - b[i].EntryTimeUtc.Ticks), i, j));
                }
            }
        }

        candidates.Sort();
        var takenB = new HashSet<int>();
        var takenF = new HashSet<int>();
        var pairs = new List<(int, int)>();
        foreach (var (_, i, j) in candidates)
        {
            if (!takenB.Contains(i) && !takenF.Contains(j))
            {
                takenB.Add(i);
                takenF.Add(j);
                pairs.Add((i, j));
            }
        }

        return pairs;
    }

    private sealed class Pricer(ReconciliationSide backtest, ReconciliationSide forward)
    {
        private readonly MarketPrices backtestMarket = new(backtest.Bars);
        private readonly MarketPrices forwardMarket = new(forward.Bars);
        private readonly Instruments forwardInstruments = new(forward.Context);

        public IReadOnlyCollection<string> Fallbacks => this.forwardInstruments.Fallbacks;

        public TradeMatch Match(RoundTrip b, RoundTrip f)
        {
            var d = f.Side == TradeSide.Long ? 1.0 : -1.0;
            var scale = d * f.Quantity * this.forwardInstruments.PointValue(f.Symbol);
            var mbEntry = this.backtestMarket.At(b.Symbol, b.EntryTimeUtc);
            var mbExit = this.backtestMarket.At(b.Symbol, b.ExitTimeUtc);
            var mfEntry = this.forwardMarket.At(f.Symbol, f.EntryTimeUtc);
            var mfExit = this.forwardMarket.At(f.Symbol, f.ExitTimeUtc);
            var known = mbEntry.HasValue && mbExit.HasValue && mfEntry.HasValue && mfExit.HasValue;

            // Each side's fill against the market at its own time; the market's own move is timing. Without all four
            // market prices the markets count as 0 (price − 0 is the price, exactly): slippage holds the whole move.
            var (be, bx, fe, fx) = known ? (mbEntry!.Value, mbExit!.Value, mfEntry!.Value, mfExit!.Value) : (0.0, 0.0, 0.0, 0.0);
            var entrySlippage = -((f.EntryPrice - fe) - (b.EntryPrice - be)) * scale;
            var exitSlippage = ((f.ExitPrice - fx) - (b.ExitPrice - bx)) * scale;
            var timing = known ? ((fx - bx) - (fe - be)) * scale : 0;
            var fees = b.Fees - f.Fees;
            return new TradeMatch
            {
                Backtest = b,
                Forward = f,
                EntrySlippage = entrySlippage,
                ExitSlippage = exitSlippage,
                Fees = fees,
                Timing = timing,
                Rest = f.NetPnl - b.NetPnl - (entrySlippage + exitSlippage + fees + timing),
                TimingKnown = known,
            };
        }
    }
}
