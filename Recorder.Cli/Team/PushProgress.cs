using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Cli.Team;

/// <summary>
/// What push's progress bar counts: runs. Every file's runs are counted before the first is pushed (its list of runs,
/// read cheaply); each committed chunk's runs are steps, and a file's runs are all done when its push ends, up to date
/// or failed.
/// </summary>
internal sealed class PushProgress(IProgress<(long Done, long Total)> bar, IReadOnlyList<int> runsPerFile)
{
    private readonly long total = runsPerFile.Sum(n => (long)n);
    private int file;
    private long before;
    private long inFile;

    /// <summary>The runs of each file as a reader of it lists them; none for a file it cannot open (push says why).</summary>
    public static List<int> Count(CliEnvironment env, IEnumerable<string> paths) => paths.Select(path =>
    {
        try
        {
            using var reader = env.OpenFile(path);
            return reader.Runs.Ids().Count;
        }
        catch (RecorderDatabaseException)
        {
            return 0;
        }
    }).ToList();

    /// <summary>A chunk of <paramref name="runs"/> runs was committed (<see cref="Storage.PostgreSql.Push.PushOptions.AfterRuns"/>).</summary>
    public void Pushed(int runs)
    {
        inFile = Math.Min(inFile + runs, runsPerFile[file]);
        bar.Report((before + inFile, total));
    }

    /// <summary>The current file's push ended.</summary>
    public void FileDone()
    {
        before += runsPerFile[file];
        file++;
        inFile = 0;
        bar.Report((before, total));
    }
}
