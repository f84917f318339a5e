namespace TradingPlatform.BusinessLayer.Integration;

/// <summary>Type of <see cref="ConnectionStateChangedEventArgs.LastConnectionResult"/> (the spec does not name it);
/// no public members are mirrored.</summary>
public sealed class ConnectionResult
{
    internal ConnectionResult()
    {
    }
}
