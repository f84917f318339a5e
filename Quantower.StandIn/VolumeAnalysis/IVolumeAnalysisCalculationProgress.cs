namespace TradingPlatform.BusinessLayer;

/// <summary>A volume-analysis calculation. Disposing it sets every bar's VolumeAnalysisData back to null.</summary>
public interface IVolumeAnalysisCalculationProgress : IDisposable
{
    event EventHandler<VolumeAnalysisTaskEventArgs> StateChanged;

    event EventHandler<VolumeAnalysisTaskEventArgs> ProgressChanged;

    VolumeAnalysisCalculationState State { get; }

    int ProgressPercent { get; }

    bool IsAborted { get; }

    VolumeAnalysisCalculationParameters CalculationParameters { get; }

    void AbortLoading();

    void Wait(CancellationToken token = default);
}
