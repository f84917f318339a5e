using QuantowerRecorder.Plugin;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The backtest benchmark's strategy, as an author writes it: a moving-average crossover on the closed one-minute bars
/// of its symbol, always in the market after the first cross, reversing with one market order of two lots on every
/// opposite cross. Its averages are running sums, so the strategy itself costs little and the recorder's share shows.
/// It decides only from the bars and its own orders, never from the platform's positions, so it sends the same orders
/// whether or not it records. With <see cref="DatabasePath"/> it has the recorder's one line (Start in OnRun, Dispose
/// in OnStop); without, it is the same strategy with that line left out.
/// </summary>
internal sealed class BacktestStrategy : Strategy
{
    [InputParameter("Account", 10)]
    public Account? Account = null;

    [InputParameter("Symbol", 20)]
    public Symbol? Symbol = null;

    [InputParameter("Fast period", 30)]
    public int FastPeriod = 10;

    [InputParameter("Slow period", 40)]
    public int SlowPeriod = 30;

    private readonly List<string> problems = [];
    private double[] closes = [];
    private long closed;
    private double fastSum;
    private double slowSum;
    private double? previousSpread;
    private int position;
    private HistoricalData? history;
    private RunRecorder? recorder;

    public BacktestStrategy()
    {
        Name = "Backtest benchmark crossover";
    }

    /// <summary>Where the recorder writes; null runs the strategy without it.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>With <see cref="DatabasePath"/>: the recorder records the symbol's one-minute bars too (the default).</summary>
    public bool RecordBars { get; init; } = true;

    /// <summary>
    /// With <see cref="RecordBars"/>: the strategy gives the recorder the history it trades on (RunRecorderOptions.Bars)
    /// instead of letting it request the same bars again.
    /// </summary>
    public bool GiveBars { get; init; }

    /// <summary>Times the recorder's order and fill handlers (only when recording).</summary>
    public OrderHandlerTiming Timing { get; } = new();

    public int OrdersSent { get; private set; }

    /// <summary>With the recorder: the time its producer waited for room in the writer's queue (its metric, at stop).</summary>
    public double ProducerWaitSeconds { get; private set; }

    public string? RunId => recorder?.RunId;

    public Task WhenClosed => recorder?.WhenClosed ?? Task.CompletedTask;

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (problems)
            {
                return [.. problems];
            }
        }
    }

    /// <summary>Closes the position at market, as a backtest's end does.</summary>
    public void Flatten()
    {
        if (position != 0)
        {
            Send(position > 0 ? Side.Sell : Side.Buy, 1);
            position = 0;
        }
    }

    protected override void OnRun()
    {
        closes = new double[SlowPeriod];
        history = Symbol!.GetHistory(Period.MIN1, Symbol.QuoteDateTime);
        history.NewHistoryItem += OnNewBar;
        if (DatabasePath is not null)
        {
            Timing.SubscribeBegin(Core);
            // The one line. The backtest is idle when it is stopped (nothing can arrive late), so the end need not
            // settle for the default second: that second is a pause on a timer, not the recorder's work.
            recorder = RunRecorder.Start(this, Write, new RunRecorderOptions
            {
                DatabasePath = DatabasePath, Period = Period.MIN1, RecordBars = RecordBars, EndSettleTime = TimeSpan.Zero,
                Bars = RecordBars && GiveBars ? history : null,
            });
            Timing.SubscribeEnd(Core);
        }
    }

    protected override void OnStop()
    {
        if (recorder is not null)
        {
            // What the author sees in the strategy's metrics: how long the backtest waited for the writer's room.
            var metrics = new List<StrategyMetric>();
            recorder.AddMetrics(metrics);
            var waited = metrics.Find(m => m.Name == "Backtest waited for the writer (ms)")?.FormattedValue;
            ProducerWaitSeconds = waited is null ? double.NaN
                : double.Parse(waited.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) / 1000;
        }

        // The recorder first: it reads the forming bar of a history it was given as the run ends.
        recorder?.Dispose();
        Timing.Unsubscribe();
        if (history is not null)
        {
            history.NewHistoryItem -= OnNewBar;
            history.Dispose();
            history = null;
        }
    }

    // A new bar has opened: [1] is the bar that just closed, and the decision is taken on it.
    private void OnNewBar(object sender, HistoryEventArgs e)
    {
        if (history is not { Count: > 1 } bars || bars[1] is not HistoryItemBar bar)
        {
            return;
        }

        var slot = (int)(closed % SlowPeriod);
        slowSum += bar.Close - closes[slot];
        fastSum += bar.Close - (closed >= FastPeriod ? closes[(int)((closed - FastPeriod) % SlowPeriod)] : 0);
        closes[slot] = bar.Close;
        if (++closed < SlowPeriod)
        {
            return;
        }

        var spread = (fastSum / FastPeriod) - (slowSum / SlowPeriod);
        if (previousSpread is { } before)
        {
            if (before <= 0 && spread > 0 && position <= 0)
            {
                Send(Side.Buy, position == 0 ? 1 : 2);
                position = 1;
            }
            else if (before >= 0 && spread < 0 && position >= 0)
            {
                Send(Side.Sell, position == 0 ? 1 : 2);
                position = -1;
            }
        }

        previousSpread = spread;
    }

    private void Send(Side side, double quantity)
    {
        var result = Core.PlaceOrder(new PlaceOrderRequestParameters
        {
            Account = Account, Symbol = Symbol, Side = side, Quantity = quantity, OrderTypeId = OrderType.Market, Comment = "cross",
        });
        if (result.Status != TradingOperationResultStatus.Success)
        {
            throw new InvalidOperationException("The platform refused the benchmark's order: " + result.Message);
        }

        OrdersSent++;
    }

    private void Write(string message, StrategyLoggingLevel level)
    {
        Log(message, level);
        if (level == StrategyLoggingLevel.Error)
        {
            lock (problems)
            {
                problems.Add(message);
            }
        }
    }
}
