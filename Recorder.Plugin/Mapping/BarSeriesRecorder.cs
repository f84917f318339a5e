using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Plugin.Platform;
using QuantowerRecorder.Plugin.Recording;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.Integration;

namespace QuantowerRecorder.Plugin.Mapping;

/// <summary>
/// One bar series of a run: closed bars as they close (NewHistoryItem, where the bar that just closed is [1]) and the
/// forming bar on every tick (HistoryItemUpdated), which the writer coalesces to its newest state. With volume
/// analysis, the calculation is requested (the platform fills bars only then) and, once it finishes, the run's bars
/// are written again with their volumetric payload.
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
    private HistoricalData? history;
    private IVolumeAnalysisCalculationProgress? progress;
    private long firstBarTicks;

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
        this.seriesId = Identities.SeriesId(runId, Formats.Symbol(symbol) ?? string.Empty, Formats.Timeframe(period) ?? string.Empty);
    }

    public void Start()
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

        // Live updates only come with an open-ended request (ToTime = default); one period back includes the forming bar.
        history = symbol.GetHistory(period, now - period.Duration);
        firstBarTicks = history.Count > 0 ? history[0].TicksLeft : now.Ticks;
        history.NewHistoryItem += OnNewHistoryItem;
        history.HistoryItemUpdated += OnHistoryItemUpdated;
        if (history.Count > 0)
        {
            Record(history[0], closed: false);
        }

        if (available)
        {
            progress = Core.Instance.VolumeAnalysis.CalculateProfile(history);
            progress.StateChanged += OnCalculationStateChanged;
            if (progress.State == VolumeAnalysisCalculationState.Finished)
            {
                RecordAgain();
            }
        }
    }

    public void Dispose()
    {
        var data = history;
        history = null;
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

        Guard.Run(problems, "bar history", () => data?.Dispose());
    }

    private void OnNewHistoryItem(object sender, HistoryEventArgs e) => Guard.Run(problems, "NewHistoryItem", () =>
    {
        var data = history;
        if (data is null || data.Count < 2)
        {
            return;
        }

        // A new bar has opened: the run's time (a backtest's simulated time) is at least its start.
        clock.Observe(data[0].TimeLeft);
        clock.Observe(symbol.QuoteDateTime);
        Record(data[1], closed: true);
        Record(data[0], closed: false);
    });

    // A plain delegate call in the platform: an exception here would stop the rest of the tick's processing.
    private void OnHistoryItemUpdated(object sender, HistoryEventArgs e) => Guard.Run(problems, "HistoryItemUpdated", () =>
    {
        if (e?.HistoryItem is { } item)
        {
            clock.Observe(item.TimeLeft);
            clock.Observe(symbol.QuoteDateTime);
            Record(item, closed: false);
        }
    });

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
        var data = history;
        if (data is null)
        {
            return;
        }

        var count = data.Count;
        for (var offset = count - 1; offset >= 0; offset--)
        {
            var item = data[offset];
            if (item.TicksLeft >= firstBarTicks)
            {
                Record(item, closed: offset > 0);
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
            Volume = double.IsFinite(volume) ? volume : null,
            VolumetricJson = VolumetricJson.Of(item.VolumeAnalysisData),
            IsClosed = closed,
        });
    }
}
