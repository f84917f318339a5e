namespace TradingPlatform.BusinessLayer;

/// <summary>The stand-in's calculation: it runs on the thread pool, like the platform's background queue.</summary>
internal sealed class VolumeAnalysisCalculationProgress : IVolumeAnalysisCalculationProgress
{
    private readonly HistoricalData historicalData;
    private Task task = Task.CompletedTask;
    private volatile bool aborted;
    private volatile int progressPercent;
    private VolumeAnalysisCalculationState state = VolumeAnalysisCalculationState.None;

    internal VolumeAnalysisCalculationProgress(HistoricalData historicalData, VolumeAnalysisCalculationParameters parameters)
    {
        this.historicalData = historicalData;
        this.CalculationParameters = parameters;
    }

    public event EventHandler<VolumeAnalysisTaskEventArgs> StateChanged;

    public event EventHandler<VolumeAnalysisTaskEventArgs> ProgressChanged;

    public VolumeAnalysisCalculationState State => this.state;

    public int ProgressPercent => this.progressPercent;

    public bool IsAborted => this.aborted;

    public VolumeAnalysisCalculationParameters CalculationParameters { get; }

    public void AbortLoading() => this.aborted = true;

    public void Wait(CancellationToken token = default)
    {
        try
        {
            this.task.Wait(token);
        }
        catch (AggregateException)
        {
            // The failure was logged by the calculation itself.
        }
    }

    public void Dispose()
    {
        this.AbortLoading();
        this.Wait();
        foreach (var bar in this.historicalData?.Snapshot() ?? [])
        {
            bar.VolumeAnalysisData = null;
        }
    }

    internal void FinishWithoutData()
    {
        this.progressPercent = 100;
        this.state = VolumeAnalysisCalculationState.Finished;
    }

    internal void Start(Action<HistoricalData, VolumeAnalysisCalculationParameters, VolumeAnalysisCalculationProgress> calculate)
    {
        this.SetState(VolumeAnalysisCalculationState.Processing);
        this.task = Task.Run(() =>
        {
            try
            {
                calculate(this.historicalData, this.CalculationParameters, this);
            }
            catch (Exception e)
            {
                Core.Instance.Loggers.Log("Volume analysis calculation failed: " + e, LoggingLevel.Error);
            }
            finally
            {
                this.progressPercent = 100;
                this.SetState(VolumeAnalysisCalculationState.Finished);
            }
        });
    }

    internal void Report(int percent)
    {
        this.progressPercent = percent;
        this.ProgressChanged?.Invoke(this, new VolumeAnalysisTaskEventArgs(this.state, percent));
    }

    private void SetState(VolumeAnalysisCalculationState newState)
    {
        this.state = newState;
        this.StateChanged?.Invoke(this, new VolumeAnalysisTaskEventArgs(newState, this.progressPercent));
    }
}
