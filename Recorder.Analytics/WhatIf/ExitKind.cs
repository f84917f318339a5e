namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>How a simulated trade ended.</summary>
public enum ExitKind
{
    Stop,
    Target,
    TrailingStop,

    /// <summary>The time exit: at the close of the N-th bar.</summary>
    Time,

    /// <summary>Still open when the bars end: valued at the last close, no exit fee or slippage.</summary>
    Open,
}
