using System.Collections;

namespace TradingPlatform.BusinessLayer;

/// <summary>
/// Bars of one symbol. With the default <see cref="SeekOriginHistory.End"/>, <c>[0]</c> is the newest bar (still
/// forming) and <c>[1]</c> the bar that just closed.
/// </summary>
public class HistoricalData : IDisposable, IIndicatorsCollection, IEnumerable<IHistoryItem>, IEnumerable
{
    private readonly object sync = new();
    private readonly List<IHistoryItem> items = [];
    private readonly List<IVolumeAnalysisCalculationProgress> volumeAnalysisProgresses = [];
    private readonly HistoryRequestParameters request;
    private bool disposed;

    protected internal HistoricalData(HistoryRequestParameters historyRequestParameters)
    {
        this.request = historyRequestParameters ?? throw new ArgumentNullException(nameof(historyRequestParameters));
    }

    /// <summary>Invoked safely, after the new item is appended: the new bar is [0], the one that just closed is [1].</summary>
    public event HistoryEventHandler NewHistoryItem;

    /// <summary>A plain call on each live tick that updates [0].</summary>
    public event HistoryEventHandler HistoryItemUpdated;

    /// <summary>Live volume-analysis change on the current bar.</summary>
    public event Action HistoryItemVolumeAnalysisUpdated;

    public Symbol Symbol => this.request.Symbol;

    public HistoryAggregation Aggregation => this.request.Aggregation;

    public DateTime FromTime => this.request.FromTime;

    public DateTime ToTime => this.request.ToTime;

    public virtual int Count
    {
        get
        {
            lock (this.sync)
            {
                return this.items.Count;
            }
        }
    }

    /// <summary>Does not lock. <see cref="SeekOriginHistory.End"/>: 0 is the newest bar; Begin: 0 is the oldest.</summary>
    public virtual IHistoryItem this[int offset, SeekOriginHistory origin = SeekOriginHistory.End]
    {
        get => this.items[this.IndexOf(offset, origin)];
        private set => this.items[this.IndexOf(offset, origin)] = value;
    }

    public IVolumeAnalysisCalculationProgress CalculateVolumeProfile(VolumeAnalysisCalculationParameters volumeAnalysisCalculationParameters) =>
        Core.Instance.VolumeAnalysis.CalculateProfile(this, volumeAnalysisCalculationParameters);

    public void Reload()
    {
        var loaded = this.Symbol?.Connection?.HistoryProvider.Load(this.request) ?? [];
        lock (this.sync)
        {
            this.items.Clear();
        }

        this.Load(loaded);
    }

    /// <summary>Does not lock: live appends can break an enumeration in progress.</summary>
    /// <remarks>As in the platform, the public method is the non-generic one: <c>foreach</c> yields <c>object</c>.</remarks>
    public IEnumerator GetEnumerator() => this.items.GetEnumerator();

    IEnumerator<IHistoryItem> IEnumerable<IHistoryItem>.GetEnumerator() => this.items.GetEnumerator();

    /// <summary>Unsubscribes from the symbol and aborts volume analysis.</summary>
    public virtual void Dispose()
    {
        if (this.disposed)
        {
            return;
        }

        this.disposed = true;
        this.Symbol?.Unsubscribe(this);
        IVolumeAnalysisCalculationProgress[] progresses;
        lock (this.sync)
        {
            progresses = [.. this.volumeAnalysisProgresses];
            this.volumeAnalysisProgresses.Clear();
        }

        foreach (var progress in progresses)
        {
            progress.AbortLoading();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Whether a volume-analysis calculation was requested on this history and is still attached.</summary>
    internal bool HasVolumeAnalysis
    {
        get
        {
            lock (this.sync)
            {
                return this.volumeAnalysisProgresses.Exists(p => !p.IsAborted);
            }
        }
    }

    internal IHistoryItem[] Snapshot()
    {
        lock (this.sync)
        {
            return [.. this.items];
        }
    }

    internal void Load(IEnumerable<IHistoryItem> history)
    {
        lock (this.sync)
        {
            this.items.AddRange(history);
        }
    }

    /// <summary>Appends, then raises <see cref="NewHistoryItem"/> safely.</summary>
    internal void Append(IHistoryItem item)
    {
        lock (this.sync)
        {
            this.items.Add(item);
        }

        SafeInvoker.Invoke(this.NewHistoryItem, Core.Instance.Loggers, this, new HistoryEventArgs(item));
    }

    /// <summary>Updates [0], then calls <see cref="HistoryItemUpdated"/> plainly (a handler's exception reaches the caller).</summary>
    internal void UpdateCurrent(Action<IHistoryItem> update)
    {
        IHistoryItem current;
        lock (this.sync)
        {
            if (this.items.Count == 0)
            {
                throw new InvalidOperationException("There is no bar to update.");
            }

            current = this.items[^1];
            update(current);
        }

        this.HistoryItemUpdated?.Invoke(this, new HistoryEventArgs(current));
    }

    internal void RaiseVolumeAnalysisUpdated() => this.HistoryItemVolumeAnalysisUpdated?.Invoke();

    internal void Track(IVolumeAnalysisCalculationProgress progress)
    {
        lock (this.sync)
        {
            this.volumeAnalysisProgresses.Add(progress);
        }
    }

    private int IndexOf(int offset, SeekOriginHistory origin) =>
        origin == SeekOriginHistory.End ? this.items.Count - 1 - offset : offset;
}
