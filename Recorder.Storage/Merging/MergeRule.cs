namespace QuantowerRecorder.Storage.Merging;

/// <summary>How `recorder push` merges a table's rows into the team store (docs/team-store.md); merge gets the same from the writer.</summary>
public enum MergeRule
{
    /// <summary>Strategies and instances: name-based ids; a missing row is inserted, a different one is a conflict.</summary>
    Definition,

    /// <summary>A run's rows: the file holding the later state of the run (higher version) updates them.</summary>
    RunState,

    /// <summary>The raw event log: an event never changes; the same (run, sequence) with other content is a conflict.</summary>
    Event,

    /// <summary>
    /// The journal (notes, tags, pins): one row per act that never changes, keyed by its name-based entry id and no run's
    /// state — a note written after the run ended is new whatever the run's version. A missing row is inserted, the same
    /// id with other content is a conflict. Push carries it apart from the runs (docs/team-store.md, "The journal").
    /// </summary>
    Journal,
}
