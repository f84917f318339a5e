namespace QuantowerRecorder.Analytics;

/// <summary>One bar (a row of <c>bars</c>), stamped by its open time in UTC as Quantower stamps bars.</summary>
public readonly record struct Bar(DateTime TimeUtc, double Open, double High, double Low, double Close, double Volume);
