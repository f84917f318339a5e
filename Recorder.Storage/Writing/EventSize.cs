using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// What an event costs in memory while it waits, roughly: the object and its fixed fields, plus two bytes per
/// character of the texts that can be long. Enough to keep the queue within its budget; it is not a measurement.
/// </summary>
internal static class EventSize
{
    private const int Fixed = 256;

    public static long Estimate(RecorderEvent e) => Fixed + 2L * e switch
    {
        BarRecorded b => Length(b.VolumetricJson),
        OrderSnapshot o => Length(o.OrderId) + Length(o.Symbol) + Length(o.ClientTag) + Length(o.ExtraJson) + 64,
        ExecutionRecorded x => Length(x.ExecutionId) + Length(x.OrderId) + Length(x.Symbol) + Length(x.ExtraJson) + 64,
        InstanceDefined i => Length(i.ParametersJson) + Length(i.SymbolsJson) + Length(i.InstanceName) + 128,
        StrategyDefined s => Length(s.Name) + Length(s.Notes) + Length(s.SourceRef) + 64,
        RunStarted r => Length(r.FingerprintJson) + Length(r.EngineVersion) + Length(r.SourceTerminal) + 64,
        RunEnded r => Length(r.ErrorMessage),
        InstrumentDefined d => Length(d.VariableTicksJson) + Length(d.ExtraJson) + 64,
        DecisionMarked m => Length(m.DecisionId) + Length(m.Symbol) + Length(m.Signal) + Length(m.OrderId) + 64,
        _ => 64,
    } + 2L * Length(e.RunId);

    private static int Length(string? text) => text?.Length ?? 0;
}
