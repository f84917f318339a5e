namespace QuantowerRecorder.Storage.Merging;

/// <summary>
/// How the state a file holds of each of its runs relates to the state already held (the merge's target, the team
/// database), counted: merge and push classify a run alike (docs/team-store.md).
/// </summary>
public abstract class RunRelations
{
    /// <summary>Runs not held yet.</summary>
    public int NewRuns { get; private set; }

    /// <summary>Runs whose state in the file was later than the one held (their rows were updated).</summary>
    public int LaterRuns { get; private set; }

    /// <summary>Runs whose state in the file equals the one held (rows compared; a difference is a conflict).</summary>
    public int SameRuns { get; private set; }

    /// <summary>Runs already held in a later state (only their missing events were added).</summary>
    public int EarlierRuns { get; private set; }

    /// <summary>Counts <paramref name="runs"/> runs of a relation as merge and push name it: NEW, NEWER, SAME or OLDER.</summary>
    public void Count(string relation, int runs)
    {
        switch (relation)
        {
            case "NEW": NewRuns += runs; break;
            case "NEWER": LaterRuns += runs; break;
            case "SAME": SameRuns += runs; break;
            default: EarlierRuns += runs; break;
        }
    }
}
