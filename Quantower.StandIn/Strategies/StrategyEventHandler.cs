namespace TradingPlatform.BusinessLayer;

public delegate void StrategyEventHandler(Strategy strategy, StrategyEventArgs e);
