using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// A file for the journal's tests: an optimisation of six (or fewer) backtest passes its author named "my-sweep"
/// (objective net_pnl), a paper run of the parameter set of pass 3, and a paper run of a set no pass ran.
/// </summary>
internal sealed class JournalFiles
{
    // Points each pass's one round trip makes (bought at 5000, sold this much higher); with 2.5 of fees a fill and a
    // point worth 1 (no instrument recorded), its net PnL is points − 5: 5, 25, 15, −10, 35, −5 for periods 1 to 6.
    private static readonly double[] Points = [10, 30, 20, -5, 40, 0];

    public required string Path { get; init; }

    /// <summary>Run id of each pass by its period (1 to 6).</summary>
    public required IReadOnlyDictionary<int, string> Passes { get; init; }

    /// <summary>The paper run of period 3: net PnL 15, third of six by net_pnl.</summary>
    public required string LinkedPaper { get; init; }

    /// <summary>A paper run of period 99, which no pass ran.</summary>
    public required string LonePaper { get; init; }

    /// <summary>The net PnL of the pass of a period, worked out by hand.</summary>
    public static double NetPnl(int period) => Points[period - 1] - 5;

    /// <param name="path">The file to record.</param>
    /// <param name="passes">How many of the six passes (periods 1 to <paramref name="passes"/>; at least 3).</param>
    public static JournalFiles Record(string path, int passes = 6)
    {
        var recorded = new Dictionary<int, string>();
        using (var session = RecorderSession.Open(path))
        {
            for (var period = 1; period <= passes; period++)
            {
                recorded[period] = Run(session, RunSource.Backtest, period, Points[period - 1], """{"study":"my-sweep","study_objective":"net_pnl"}""");
            }

            var linked = Run(session, RunSource.Paper, 3, 12, null);
            var lone = Run(session, RunSource.Paper, 99, 12, null);
            session.Close(TimeSpan.FromSeconds(30));
            var analyze = Cli.Run(System.IO.Path.GetDirectoryName(path)!, "analyze", "--all", "--db", path);
            if (analyze.ExitCode != 0)
            {
                throw new InvalidOperationException("analyze failed: " + analyze);
            }

            return new JournalFiles { Path = path, Passes = recorded, LinkedPaper = linked, LonePaper = lone };
        }
    }

    private static string Run(RecorderSession session, RunSource source, int period, double points, string? fingerprint)
    {
        var s = new Scenario(source: source, strategy: "Sweep strategy", parameters: new Dictionary<string, object?> { ["period"] = period, ["threshold"] = 1.5 });
        foreach (var e in s.Start())
        {
            session.Record(e is RunStarted started ? started with { FingerprintJson = fingerprint } : e);
        }

        for (var b = 0; b < 10; b++)
        {
            session.Record(s.Bar(b, close: 5000 + b));
        }

        session.Record(s.Order("B", Side.Buy, 1, "FILLED", at: 60, filled: 1));
        session.Record(s.Fill("XB", "B", Side.Buy, 1, price: 5000, at: 61));
        session.Record(s.Order("S", Side.Sell, 1, "FILLED", at: 300, filled: 1));
        session.Record(s.Fill("XS", "S", Side.Sell, 1, price: 5000 + points, at: 301));
        session.Record(s.End(at: 600));
        return s.RunId;
    }
}
