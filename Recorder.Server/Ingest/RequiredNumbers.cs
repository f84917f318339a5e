using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Server.Ingest;

/// <summary>
/// A required number that is not one (a quoted "NaN" or "Infinity", which the format reads for optional values) is
/// answered at once with its field: the recorder would quarantine the event, and an HTTP client can still fix it.
/// </summary>
internal static class RequiredNumbers
{
    public static (string Field, string Reason)? Check(RecorderEvent e) => e switch
    {
        ExecutionRecorded x when !double.IsFinite(x.Price) => ("price", "must be a finite number"),
        ExecutionRecorded x when !(x.Quantity > 0) || !double.IsFinite(x.Quantity) => ("quantity", "must be a finite number above 0"),
        OrderSnapshot o when !(o.Quantity > 0) || !double.IsFinite(o.Quantity) => ("quantity", "must be a finite number above 0"),
        BarRecorded b when !double.IsFinite(b.Open) => ("open", "must be a finite number"),
        BarRecorded b when !double.IsFinite(b.High) => ("high", "must be a finite number"),
        BarRecorded b when !double.IsFinite(b.Low) => ("low", "must be a finite number"),
        BarRecorded b when !double.IsFinite(b.Close) => ("close", "must be a finite number"),
        _ => null,
    };
}
