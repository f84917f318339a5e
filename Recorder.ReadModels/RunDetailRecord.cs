using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using QuantowerRecorder.Storage.Journal;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// One run as `show --json` and GET /api/runs/{run_id} give it: the run's <see cref="RunRecord"/> fields, then every
/// stored metric (key, value, unit, in the catalog's order), its instruments, its series and the analysis' notes.
/// </summary>
public sealed record RunDetailRecord : RunRecord
{
    // The run's own fields come from the run: the copy sets every member RunRecord requires.
    [SetsRequiredMembers]
    public RunDetailRecord(RunRecord run)
        : base(run)
    {
    }

    // After the run's own fields, which a reader of `runs --json` knows in their order.
    [JsonPropertyOrder(1)]
    public IReadOnlyList<MetricValue> Metrics { get; init; } = [];
    [JsonPropertyOrder(1)]
    public IReadOnlyList<RunInstrument> Instruments { get; init; } = [];
    [JsonPropertyOrder(1)]
    public IReadOnlyList<RecordedSeries> Series { get; init; } = [];
    [JsonPropertyOrder(1)]
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>What people wrote about the run: its notes, and the tag and pin acts behind <see cref="RunRecord.Tags"/>.</summary>
    [JsonPropertyOrder(1)]
    public JournalRecord? Journal { get; init; }

    /// <summary>The study passes whose parameter set this forward run ran (none for a backtest).</summary>
    [JsonPropertyOrder(1)]
    public IReadOnlyList<StudyPassLinkRecord> StudyPasses { get; init; } = [];

    /// <summary>The run, or null when the reader has no run of that id; from one snapshot of the store.</summary>
    public static RunDetailRecord? Of(IRecorderReader reader, string runId)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.InSnapshot(r => r.Runs.Detail(runId) is { } detail ? Of(r, detail) : null);
    }

    /// <summary>
    /// The record of a run already read with its instruments, metrics and notes (<see cref="IRunReader.Detail"/>): what
    /// else it shows — series, journal, study passes — is read beside it, nothing twice. Call it inside the snapshot
    /// <paramref name="detail"/> was read in (<see cref="IRecorderReader.InSnapshot{T}"/>).
    /// </summary>
    public static RunDetailRecord Of(IRecorderReader reader, RunDetail detail)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(detail);
        var runId = detail.Run.RunId;
        // The journal's view carries the tags and pin RunRecord shows (the same views Journal.Marks reads).
        var journal = reader.Journal.Of(JournalSubject.Run(runId));
        return new RunDetailRecord(Of(detail.Run, detail.Metrics, detail.Instruments, new JournalMarks(journal.Tags, journal.Pinned)))
        {
            Metrics = detail.Metrics.OrderBy(m => MetricCatalog.Rank(m.Key)).ThenBy(m => m.Key, StringComparer.Ordinal).ToList(),
            Instruments = detail.Instruments,
            Series = reader.MarketData.Series(runId),
            Notes = detail.Notes.Notes,
            Journal = JournalRecord.Of(journal),
            StudyPasses = StudyPassLinks.For(reader, detail.Run),
        };
    }
}
