namespace QuantowerRecorder.Storage.Queries;

public interface IRunReader
{
    /// <summary>The runs that match <paramref name="query"/>, one page of them, with the total.</summary>
    RunPage List(RunQuery query);

    /// <summary>One run, or null when the file has no such run.</summary>
    RunSummary? Get(string runId);

    /// <summary>One run with its instruments, stored metrics and analysis notes, or null when there is no such run.</summary>
    RunDetail? Detail(string runId);

    /// <summary>
    /// The instrument specifications the run recorded (none for an unknown run): a run's currencies without
    /// <see cref="Detail"/>'s counts over its orders, fills and bars.
    /// </summary>
    IReadOnlyList<RunInstrument> Instruments(string runId);

    /// <summary>
    /// How busy a run is: the run's time of the newest event in its raw log, and how many of its events lie within
    /// <paramref name="window"/> before it (two index seeks, whatever the run's length).
    /// </summary>
    RunActivity Activity(string runId, TimeSpan window);

    /// <summary>Every run id, oldest start first.</summary>
    IReadOnlyList<string> Ids();

    /// <summary>What a user typed as a run: the full id or a unique prefix of it, ignoring case.</summary>
    RunResolution Resolve(string text);
}
