using System.CommandLine;
using System.Text;
using QuantowerRecorder.Cli.Artifacts;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder export &lt;run&gt;`: one table of a run as CSV or JSON, for spreadsheets and pandas.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var run = new Argument<string[]>("run") { Description = "Run id, or a unique prefix of it (several with --format parquet).", Arity = ArgumentArity.ZeroOrMore };
        var what = new Option<string?>("--what") { Description = "What to export." };
        what.AcceptOnlyFromAmong([.. RecorderStore.ExportKinds]);
        var format = new Option<string>("--format") { Description = "File format.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json", ParquetExport.Format);
        var all = new Option<bool>("--all") { Description = "With --format parquet: every table of every run, partitioned by run_id under the folder -o." };
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file (a folder with --all) instead of standard output.", HelpName = "file" };
        var command = new Command("export", "Export a run's orders, executions, trades, bars or equity as CSV (RFC 4180, invariant culture), JSON or Parquet.")
        {
            run, what, format, output, all,
        };
        command.SetAction(parse =>
        {
            var database = context.Database(parse);
            using var reader = DatabaseAccess.OpenRead(database, context.Env);
            if (parse.GetValue(format) == ParquetExport.Format)
            {
                return ParquetExport.Run(context, parse, reader, database, parse.GetValue(run)!, parse.GetValue(what), parse.GetValue(all), parse.GetValue(output));
            }

            var kind = parse.GetValue(what) ?? throw new CliException($"--what is required: one of {string.Join(", ", RecorderStore.ExportKinds)}.");
            if (parse.GetValue(all) || parse.GetValue(run)!.Length != 1)
            {
                throw new CliException("CSV and JSON export one table of one run; several runs or --all take --format parquet.");
            }

            if (kind is "trades" or "equity")
            {
                DatabaseAccess.RequireDerivedTables(reader, database);
            }

            var runId = RunResolver.Resolve(reader, parse.GetValue(run)![0]);
            var rows = reader.Exports.Table(kind, runId);
            var target = parse.GetValue(output);
            if (target is null)
            {
                Write(context.Env.Out, rows, parse.GetValue(format)!);
                return ExitCodes.Ok;
            }

            var file = context.FullPath(target);
            // UTF-8 without a byte-order mark: pandas would otherwise read it into the first column's name.
            using (var writer = new StreamWriter(file, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                Write(writer, rows, parse.GetValue(format)!);
            }

            context.Line($"Wrote {rows.Rows.Count} {kind} row(s) of run {runId} to {Wrap.Keep(file)}");
            if (rows.Rows.Count == 0 && kind is "trades" or "equity")
            {
                context.Warn($"No {kind} stored for this run; compute them with `recorder analyze {runId}`.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(TextWriter writer, StoredTable rows, string format)
    {
        if (string.Equals(format, "json", StringComparison.Ordinal))
        {
            JsonOut.Rows(writer, rows);
        }
        else
        {
            Csv.Write(writer, rows);
        }
    }
}
