using System.Globalization;
using System.Text;
using QuantowerRecorder.Cli.Journal;
using QuantowerRecorder.Cli.Output;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// What people wrote about the report's runs (docs/cli.md, "note, tag, pin"): per run its tags, its pin, the study pass
/// a forward run came from and its notes, oldest first. Left out when nobody wrote anything and no run came from a study.
/// </summary>
internal static class JournalSection
{
    public static bool Any(ReportModel model) => model.Runs.Any(r => r.Journal.Entries.Count > 0 || r.StudyPasses.Count > 0);

    public static void Write(StringBuilder html, ReportModel model)
    {
        html.Append("<table id=\"journal\" class=\"fit\"><colgroup><col style=\"width:22%\"><col style=\"width:16%\"><col style=\"width:62%\"></colgroup>\n");
        html.Append("<tr><th>Run</th><th>Tags · pin</th><th>From study · notes</th></tr>\n");
        foreach (var run in model.Runs.Where(r => r.Journal.Entries.Count > 0 || r.StudyPasses.Count > 0))
        {
            var j = run.Journal;
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"wrap\">{Html.Swatch(run.Color)}{Html.Text(run.Label)}</td><td class=\"wrap\">");
            html.Append(j.Tags.Count == 0 ? "<span class=\"muted\">no tags</span>" : string.Join(" ", j.Tags.Select(t => $"<span class=\"tag\">{Html.Text(t)}</span>")));
            html.Append(j.Pinned ? $"<br>pinned by {Html.Text(j.PinnedBy)} {Html.Text(Numbers.Time(j.PinnedUtc))} UTC" : "");
            html.Append("</td><td class=\"wrap\">");
            foreach (var pass in run.StudyPasses)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"pass\">From study: {Html.Text(JournalLines.Pass(pass))}</p>");
            }

            foreach (var note in j.Entries.Where(e => e.Kind == "note"))
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<p class=\"journal-note\"><span class=\"muted\">{Html.Text(Numbers.Time(note.CreatedUtc))} UTC · {Html.Text(note.Author)}</span><br>{Html.Text(note.Body).Replace("\n", "<br>", StringComparison.Ordinal)}</p>");
            }

            html.Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }
}
