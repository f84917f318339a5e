using QuantowerRecorder.Artifacts;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Report;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>
/// `recorder report --study &lt;study&gt;`: the page's study view saved (docs/cli.md), its figures from the same StudyView
/// as `recorder study` and GET /api/studies/{id}.
/// </summary>
internal static class ReportStudy
{
    // Heatmaps over every ordered pair of the most important inputs: enough for the axis choosers, bounded for wide studies.
    private const int MostImportant = 6;

    public static int Write(CliContext context, RecorderDatabase database, string name, string? objective, string output, bool json)
    {
        using var reader = DatabaseAccess.OpenRead(database, context.Env);
        // One snapshot: the record, and the surfaces over every pair of inputs, come from the same passes, loaded once.
        var (record, ranked, snapshot) = reader.InSnapshot(r =>
        {
            var found = StudyCommand.Find(r, name);
            StudyData data;
            StudyRecord study;
            try
            {
                data = StudyLoader.Load(r, found, objective);
                study = StudyView.Detail(r, data, found);
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message, ExitCodes.Usage);
            }

            var inputs = study.Heatmap is null ? [] : StudyView.ByImportance(study.Parameters, study.Importance).Take(MostImportant).ToList();
            return (study, inputs, PageSnapshot.Study(r, data, study, inputs));
        });
        var html = SavedPage.Build(snapshot, "Recorder study report: " + record.Study.Name, ReportCommand.DatabaseName(database), context.Time.GetUtcNow());
        var file = context.FullPath(output);
        AtomicFile.WriteText(file, html);
        return ReportCommand.Written(context, file, html, json, $"study {record.Study.Name}, {record.Passes.Count} passes", bytes => new
        {
            Database = database.Shown, File = file, Bytes = bytes, record.Study.StudyId, record.Study.Name, record.Passes.Count, Heatmaps = ranked.Count * (ranked.Count - 1),
        });
    }
}
