namespace TradingPlatform.BusinessLayer;

public enum ConnectionState
{
    Connected = 0,
    Connecting = 1,
    Disconnected = 2,
    Disconnecting = 3,
    ConnectionLost = 4,
    Fail = 5,
}
