namespace TradingPlatform.BusinessLayer;

public delegate void HistoryEventHandler(object sender, HistoryEventArgs e);
