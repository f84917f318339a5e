namespace TradingPlatform.BusinessLayer;

public class HistoryEventArgs : EventArgs
{
    internal HistoryEventArgs(IHistoryItem historyItem)
    {
        this.HistoryItem = historyItem;
    }

    public IHistoryItem HistoryItem { get; set; }

    public bool ResetVolumeAnalysisRequired { get; set; }
}
