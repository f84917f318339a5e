using TradingPlatform.BusinessLayer.Integration;

namespace TradingPlatform.BusinessLayer;

public class ConnectionStateChangedEventArgs : EventArgs
{
    internal ConnectionStateChangedEventArgs(ConnectionState previousState, ConnectionState newState, ConnectionResult lastConnectionResult)
    {
        this.PreviousState = previousState;
        this.NewState = newState;
        this.LastConnectionResult = lastConnectionResult;
    }

    public ConnectionState PreviousState { get; private set; }

    public ConnectionState NewState { get; private set; }

    public ConnectionResult LastConnectionResult { get; private set; }
}
