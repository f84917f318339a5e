using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>
/// The platform's order and fill events a run follows: the seam between a run and the static <c>Core.Instance</c>
/// (<see cref="CorePlatformEvents"/>), which a test can drive with its own events.
/// </summary>
internal interface IPlatformEvents
{
    /// <summary>The orders working now: a run that attaches to a running strategy records them too.</summary>
    IReadOnlyList<Order> Orders { get; }

    /// <summary>
    /// Calls <paramref name="onOrder"/> for every order update, removal and history order, and <paramref name="onTrade"/>
    /// for every fill, on the platform's threads, until the result is disposed.
    /// </summary>
    IDisposable Subscribe(Action<Order> onOrder, Action<Trade> onTrade);
}
