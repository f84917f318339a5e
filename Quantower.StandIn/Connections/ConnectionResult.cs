namespace TradingPlatform.BusinessLayer;

/// <summary>Type of <see cref="ConnectionStateChangedEventArgs.LastConnectionResult"/> (the spec does not name it);
/// no public members are mirrored.</summary>
public class ConnectionResult
{
    internal ConnectionResult()
    {
    }
}
