namespace TradingPlatform.BusinessLayer;

public class VolumeAnalysisTaskEventArgs : EventArgs
{
    internal VolumeAnalysisTaskEventArgs(VolumeAnalysisCalculationState calculationState, int progressPercent)
    {
        this.CalculationState = calculationState;
        this.ProgressPercent = progressPercent;
    }

    public VolumeAnalysisCalculationState CalculationState { get; }

    public int ProgressPercent { get; }
}
