using QuantowerRecorder.Analytics.WhatIf;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Report;

/// <summary>A run's what-if exits over the default grid for the report, or why it has none (no fills, no bars, …).</summary>
internal sealed record ReportWhatIf(WhatIfRecord? Record, string? Why)
{
    public static ReportWhatIf Of(IRecorderReader reader, string runId)
    {
        try
        {
            return new ReportWhatIf(WhatIfView.Of(reader, runId, WhatIfGrid.Default), null);
        }
        catch (ArgumentException e)
        {
            return new ReportWhatIf(null, e.Message);
        }
    }
}
