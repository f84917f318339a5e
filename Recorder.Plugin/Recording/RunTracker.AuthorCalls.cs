using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Plugin.Mapping;
using QuantowerRecorder.Storage.Records;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>What a strategy author tells the run that the platform cannot (RunRecorder's calls).</summary>
internal sealed partial class RunTracker
{
    /// <summary>Records a decision mark for <paramref name="symbol"/> (the run's symbol when null); null when nothing is recorded.</summary>
    public string? MarkDecision(string signal, Side side, double quantity, double price, Symbol? symbol)
    {
        string? id = null;
        clock.Observe((symbol ?? scope.Symbol)?.QuoteDateTime ?? default);
        Locked("MarkDecision", () =>
        {
            var name = Platform.Formats.Symbol(symbol ?? scope.Symbol);
            if (name is null)
            {
                problems.Report("a decision mark needs a symbol: this run follows every symbol, so pass the one the decision is about");
                return;
            }

            id = flow.Decide(name, PlatformNames.Side(side), quantity, price, signal, Now);
        });
        return id;
    }

    public void TagOrder(string orderId, string tag) => Locked("TagOrder", () => flow.Tag(orderId, tag));

    public void DeclareOcoGroup(string label, IEnumerable<OcoMember> members) =>
        Locked("DeclareOcoGroup", () => flow.DeclareOcoGroup(label, members, Now));

    public void ReportProgress(long processed, long? total) => Locked("ReportProgress", () =>
        Record(new RunProgress { RunId = RunId, EventUtc = Now, Source = Definition.Source, ProcessedCount = processed, TotalCount = total }));

    // An author's call (a mark, a tag, progress): taken until the end is asked, not during the run's last orders.
    private void Locked(string what, Action action) => Guard.Run(problems, what, () =>
    {
        if (!HasEnded)
        {
            Locked(action);
        }
    });
}
