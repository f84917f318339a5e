namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>
/// One recorded entry kept as it was: the quantity one order opened (its partial fills together, as FIFO lot matching
/// forms a lot), at their quantity-weighted price, from the time of its first fill, with the fee its fills paid.
/// </summary>
public sealed record WhatIfEntry(DateTime TimeUtc, TradeSide Side, double Quantity, double Price, double Fee);
