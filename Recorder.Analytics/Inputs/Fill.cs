namespace QuantowerRecorder.Analytics;

/// <summary>
/// One execution of a run (a row of <c>executions</c>). <paramref name="Quantity"/> is positive; the direction is
/// <paramref name="Side"/>. <paramref name="Fee"/> is the money paid for this fill (0 when unknown).
/// <paramref name="TimeUtc"/> is UTC (its <see cref="DateTime.Kind"/> is not consulted).
/// A <see cref="PositionImpact.Close"/> or <see cref="PositionImpact.Reduce"/> fill never opens a position: what it
/// cannot close belongs to a position opened before recording started and is left out of trades and equity.
/// </summary>
public sealed record Fill(
    string ExecutionId,
    string OrderId,
    string Symbol,
    string Account,
    Side Side,
    double Quantity,
    double Price,
    double Fee,
    DateTime TimeUtc,
    PositionImpact PositionImpact = PositionImpact.Unknown);
