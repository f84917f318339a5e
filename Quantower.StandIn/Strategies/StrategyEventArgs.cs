namespace TradingPlatform.BusinessLayer;

public class StrategyEventArgs : EventArgs
{
    public StrategyEventArgs(StrategyState strategyState, LoggerEvent loggerEvent = null)
    {
        this.StrategyState = strategyState;
        this.LoggerEvent = loggerEvent;
    }

    public StrategyState StrategyState { get; private set; }

    public StrategyState StrategyPreviousState { get; internal set; }

    public LoggerEvent LoggerEvent { get; private set; }
}
