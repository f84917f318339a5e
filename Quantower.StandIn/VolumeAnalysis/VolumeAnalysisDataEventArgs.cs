namespace TradingPlatform.BusinessLayer;

public class VolumeAnalysisDataEventArgs : EventArgs
{
    internal VolumeAnalysisDataEventArgs(double price, VolumeAnalysisItem item)
    {
        this.Price = price;
        this.Item = item;
    }

    public double Price { get; }

    public VolumeAnalysisItem Item { get; }
}
