using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Cli.Metrics;

/// <summary>
/// What a run's money figures had to guess, as warning lines for show, trades and report: the symbols valued with
/// point value 1 because their instrument's point value was not recorded, and a run that mixes currencies. Read from
/// the notes the analysis stored in strategy_runs.metrics_json, so the lines say exactly what the figures did.
/// </summary>
internal static class InstrumentWarnings
{
    /// <summary>Whether the run's symbols have more than one currency: its amounts must not be added together.</summary>
    public static bool MixesCurrencies(SqliteConnection connection, string runId) =>
        connection.ExecuteScalar<long>(
            "SELECT COUNT(DISTINCT currency) FROM run_instruments WHERE run_id = @runId AND currency IS NOT NULL", new { runId }) > 1;

    public static IReadOnlyList<string> For(SqliteConnection connection, string runId)
    {
        var json = connection.ExecuteScalar<string?>("SELECT metrics_json FROM strategy_runs WHERE run_id = @runId", new { runId });
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        var lines = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("notes", out var notes) || notes.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            foreach (var note in notes.EnumerateArray())
            {
                var text = note.ValueKind == JsonValueKind.String ? note.GetString() ?? "" : "";
                foreach (var key in new[] { NoteKeys.PointValue, NoteKeys.Currency })
                {
                    if (text.StartsWith(key + ": ", StringComparison.Ordinal))
                    {
                        lines.Add("Warning: " + text[(key.Length + 2)..]);
                    }
                }
            }
        }
        catch (JsonException)
        {
            lines.Add("Warning: the run's stored metrics summary is not valid JSON; run `recorder analyze` again.");
        }

        return lines;
    }
}
