using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Plugin.Platform;
using QuantowerRecorder.Plugin.Recording;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.Integration;

namespace QuantowerRecorder.Plugin.Mapping;

/// <summary>
/// One bar series of a run: the bars from the run's start, each closed bar once as it closes (NewHistoryItem) and the
/// forming bar on every tick (HistoryItemUpdated), which the writer coalesces to its newest state — except in a
/// backtest (<see cref="RunSource.Backtest"/>, a connection of type Backtester), whose forming bar is held until it
/// closes or the run ends (<see cref="StopHolding"/>). The history is
/// requested from the run's start, not from when the request is made: a run whose file opens in the background asks
/// for its bars a moment later, and a backtest may have played many bars by then; those come with the history and are
/// recorded first. With volume analysis, the calculation is requested (the platform fills bars only then) and, once it
/// finishes, the run's bars are written again with their volumetric payload.
/// </summary>
internal sealed class BarSeriesRecorder : IDisposable
{
    private readonly Symbol symbol;
    private readonly Period period;
    private readonly bool volumeAnalysis;
    private readonly string runId;
    private readonly RunSource source;
    private readonly Action<RecorderEvent> emit;
    private readonly RunClock clock;
    private readonly ProblemLog problems;
    private readonly string seriesId;
    private readonly object sync = new();
    private HistoricalData? history;
    private IVolumeAnalysisCalculationProgress? progress;
    private long firstBarTicks;
    private int closedCount;
    private bool disposed;

    // A backtest plays its ticks as fast as it can, and a state of the forming bar written on every one of them is only
    // coalesced away by the writer (four of five in the backtest benchmark), at the cost of mapping, queueing and
    // normalising each. So a backtest's forming bar is written when it closes, or as the run ends; a crash loses at most
    // that one bar of a run that can be played again. A live, paper or replay run writes it on every tick: a crash keeps
    // its newest state. Read and cleared under the series' lock, so the tick that races the release is written by one
    // side or the other.
    private bool holdForming;

    public BarSeriesRecorder(Symbol symbol, Period period, bool volumeAnalysis, string runId, RunSource source,
        Action<RecorderEvent> emit, RunClock clock, ProblemLog problems)
    {
        this.symbol = symbol;
        this.period = period;
        this.volumeAnalysis = volumeAnalysis;
        this.runId = runId;
        this.source = source;
        this.emit = emit;
        this.clock = clock;
        this.problems = problems;
        this.holdForming = source == RunSource.Backtest;
        this.seriesId = Identities.SeriesId(runId, Formats.Symbol(symbol) ?? string.Empty, Formats.Timeframe(period) ?? string.Empty);
    }

    /// <summary>
    /// The strategy's own history, followed instead of a request of the recorder's (RunRecorderOptions.Bars): never
    /// disposed here, only left.
    /// </summary>
    public HistoricalData? Given { get; init; }

    /// <summary>
    /// Requests the bars from <paramref name="runStartUtc"/> on (synchronous) and follows them live; or follows the
    /// strategy's own history (<see cref="Given"/>) from that time on.
    /// </summary>
    public void Start(DateTime runStartUtc)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var available = volumeAnalysis
            && symbol.VolumeAnalysisMetadata?.VolumeAnalysisAvailability == VolumeAnalysisAvailability.Available;
        if (volumeAnalysis && !available)
        {
            problems.Info($"volume analysis is not available for {symbol.Name}; bars are recorded without it.");
        }

        emit(new SeriesDefined
        {
            RunId = runId, EventUtc = now, Source = source, SeriesId = seriesId,
            Symbol = Formats.Symbol(symbol) ?? string.Empty, Timeframe = Formats.Timeframe(period) ?? string.Empty,
            SourceName = symbol.Connection?.Name, HasVolumetric = available,
        });

        // Live updates only come with an open-ended request (ToTime = default); one period back includes the bar that
        // was forming when the run started. Bars appended between the request's return and the subscription are in
        // the history: the catch-up after subscribing records them.
        var data = Given ?? symbol.GetHistory(period, runStartUtc - period.Duration);
        lock (sync)
        {
            if (disposed)
            {
                // The run ended (its drain's limit) while the history loaded.
                if (Given is null)
                {
                    Guard.Run(problems, "bar history", data.Dispose);
                }

                return;
            }

            history = data;

            // A bar that had closed when the run started (the request's first bar when the start is on a bar's edge)
            // is not the run's.
            var count = data.Count;
            while (closedCount < count - 1 && data[closedCount, SeekOriginHistory.Begin].TimeLeft + period.Duration <= runStartUtc)
            {
                closedCount++;
            }

            firstBarTicks = count > 0 ? data[closedCount, SeekOriginHistory.Begin].TicksLeft : runStartUtc.Ticks;
        }

        data.NewHistoryItem += OnNewHistoryItem;
        data.HistoryItemUpdated += OnHistoryItemUpdated;
        CatchUp(data);

        if (available)
        {
            progress = Core.Instance.VolumeAnalysis.CalculateProfile(data);
            progress.StateChanged += OnCalculationStateChanged;
            if (progress.State == VolumeAnalysisCalculationState.Finished)
            {
                RecordAgain();
            }
        }
    }

    /// <summary>
    /// The run is ending: a held forming bar is written now in its newest state, and on every tick from now on, like a
    /// live run's, until the run has ended. Takes the series' lock and records: never call it under the run's lock.
    /// </summary>
    public void StopHolding() => Guard.Run(problems, "forming bar", () =>
    {
        lock (sync)
        {
            if (!holdForming)
            {
                return;
            }

            holdForming = false;
            if (history is { Count: > 0 } data)
            {
                Record(data[data.Count - 1, SeekOriginHistory.Begin], closed: false);
            }
        }
    });

    public void Dispose()
    {
        HistoricalData? data;
        lock (sync)
        {
            disposed = true;
            data = history;
            history = null;
        }

        if (data is not null)
        {
            data.NewHistoryItem -= OnNewHistoryItem;
            data.HistoryItemUpdated -= OnHistoryItemUpdated;
        }

        if (progress is { } p)
        {
            p.StateChanged -= OnCalculationStateChanged;
            Guard.Run(problems, "volume analysis", p.Dispose);
        }

        if (Given is null)
        {
            Guard.Run(problems, "bar history", () => data?.Dispose());
        }
    }

    // A new bar has opened: the bar that just closed (and any the catch-up has not recorded yet), then the new one.
    private void OnNewHistoryItem(object sender, HistoryEventArgs e) => Guard.Run(problems, "NewHistoryItem", this, static self =>
    {
        if (Volatile.Read(ref self.history) is { } data && data.Count > 0)
        {
            // The run's time (a backtest's simulated time) is at least the new bar's start.
            self.clock.Observe(data[0].TimeLeft);
            self.clock.Observe(self.symbol.QuoteDateTime);
            self.CatchUp(data);
        }
    });

    // A plain delegate call in the platform: an exception here would stop the rest of the tick's processing.
    private void OnHistoryItemUpdated(object sender, HistoryEventArgs e) => Guard.Run(problems, "HistoryItemUpdated", (Self: this, Args: e),
        static s =>
        {
            if (s.Args?.HistoryItem is { } item)
            {
                s.Self.clock.Observe(item.TimeLeft);
                s.Self.clock.Observe(s.Self.symbol.QuoteDateTime);
                lock (s.Self.sync)
                {
                    if (s.Self.history is not null && !s.Self.holdForming)
                    {
                        s.Self.Record(item, closed: false);
                    }
                }
            }
        });

    // Every closed bar not recorded yet, each once and oldest first, then the forming bar. Counted from the oldest bar
    // (SeekOriginHistory.Begin), whose positions a live append does not move. Under the series' own lock, which the
    // platform's thread only meets while the start's catch-up is recording the bars it found (in memory, no I/O).
    private void CatchUp(HistoricalData data)
    {
        lock (sync)
        {
            if (!ReferenceEquals(history, data))
            {
                return;
            }

            var count = data.Count;
            for (; closedCount < count - 1; closedCount++)
            {
                Record(data[closedCount, SeekOriginHistory.Begin], closed: true);
            }

            if (count > 0 && !holdForming)
            {
                Record(data[count - 1, SeekOriginHistory.Begin], closed: false);
            }
        }
    }

    private void OnCalculationStateChanged(object? sender, VolumeAnalysisTaskEventArgs e) => Guard.Run(problems, "volume analysis", () =>
    {
        if (e.CalculationState == VolumeAnalysisCalculationState.Finished)
        {
            RecordAgain();
        }
    });

    /// <summary>The run's bars once more, now with their volume analysis (an upsert replaces the stored rows).</summary>
    private void RecordAgain()
    {
        lock (sync)
        {
            if (history is not { } data)
            {
                return;
            }

            var count = data.Count;
            for (var index = 0; index < count; index++)
            {
                var item = data[index, SeekOriginHistory.Begin];
                if (item.TicksLeft >= firstBarTicks && (index < count - 1 || !holdForming))
                {
                    Record(item, closed: index < count - 1);
                }
            }
        }
    }

    private void Record(IHistoryItem item, bool closed)
    {
        double open = item[PriceType.Open], high = item[PriceType.High], low = item[PriceType.Low], close = item[PriceType.Close];
        if (!double.IsFinite(open) || !double.IsFinite(high) || !double.IsFinite(low) || !double.IsFinite(close))
        {
            // A bar that has not traded yet: nothing to record until its first tick.
            return;
        }

        var volume = item is HistoryItemBar bar ? bar.Volume : item[PriceType.Volume];
        emit(new BarRecorded
        {
            RunId = runId, EventUtc = clock.GetUtcNow().UtcDateTime, Source = source, SeriesId = seriesId,
            OpenUtc = item.TimeLeft, Open = open, High = high, Low = low, Close = close,
            Volume = double.IsFinite(volume) ? StoredPrecision.Price(volume) : null,
            VolumetricJson = VolumetricJson.Of(item.VolumeAnalysisData),
            IsClosed = closed,
        });
    }
}
