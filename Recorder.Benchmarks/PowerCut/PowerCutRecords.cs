using System.Globalization;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Benchmarks.PowerCut;

// What a power cut's child said it wrote (its stdout, run by run), and what the cuts found, added up.

/// <summary>What the child said was written, run by run.</summary>
internal sealed class ChildSaid
{
    public List<RunSaid> Runs { get; } = [];

    public void Take(string line)
    {
        var parts = line.Split(' ');
        switch (parts[0])
        {
            case "RUN":
                Runs.Add(new RunSaid(parts[1]));
                break;
            case "ACK":
                var acked = Runs.Single(r => r.Id == parts[1]);
                acked.Refused = long.Parse(parts[3], CultureInfo.InvariantCulture);
                acked.Acknowledged = long.Parse(parts[2], CultureInfo.InvariantCulture) - long.Parse(parts[3], CultureInfo.InvariantCulture);
                break;
            case "SPILLED":
                Runs.Single(r => r.Id == parts[1]).Spilled = long.Parse(parts[2], CultureInfo.InvariantCulture);
                break;
            case "ENDED":
                var ended = Runs.Single(r => r.Id == parts[1]);
                ended.Ended = true;
                ended.Acknowledged = long.Parse(parts[2], CultureInfo.InvariantCulture) - ended.Refused;
                break;
        }
    }
}

internal sealed class RunSaid(string id)
{
    public string Id { get; } = id;

    public long Acknowledged { get; set; }

    public long Spilled { get; set; }

    public bool Ended { get; set; }

    public long Refused { get; set; }
}

internal sealed class Totals
{
    public Dictionary<RunSource, long> Acknowledged { get; } = PowerCutTrials.Sources.ToDictionary(s => s, _ => 0L);

    public long Spilled { get; set; }

    public long LostLive { get; set; }

    public long LostPaper { get; set; }

    public long LostSpilled { get; set; }

    public long BacktestLostMax { get; set; }

    public int CutsThatDropped { get; set; }

    public long DroppedBytes { get; set; }
}
