using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Server.Hosting;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder serve`: the HTTP API and the page on 127.0.0.1 (docs/http.md); Ctrl+C stops it.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one).", DefaultValueFactory = _ => ServerOptions.DefaultPort, HelpName = "port" };
        var listen = new Option<string?>("--listen") { Description = "Listen on this address instead of 127.0.0.1 (prints a warning: anyone who can reach it can read the file).", HelpName = "address" };
        var ingest = new Option<bool>("--ingest") { Description = "Accept events over HTTP (POST /api/ingest/…), with a bearer token printed at start and written to <db>.token." };
        var write = new Option<bool>("--write")
        {
            Description = "Let the page (opened from the address printed) and the API add notes, tags and pins, with the same token as --ingest.",
        };
        var command = new Command("serve", "Serve the read API, the ingest API (--ingest) and a web page of the runs on http://127.0.0.1:<port>/; --write makes the journal editable.")
        {
            port, listen, ingest, write,
        };
        command.SetAction(parse =>
        {
            var started = Stopwatch.GetTimestamp();
            // Ingest writes a file, which may not exist yet; the journal one that does; reading works on either kind.
            var database = parse.GetValue(ingest) ? new RecorderDatabase.File(context.DatabaseFile(parse, creates: true))
                : parse.GetValue(write) ? new RecorderDatabase.File(context.DatabaseFile(parse))
                : context.Database(parse);
            var address = IPAddress.Loopback;
            if (parse.GetValue(listen) is { } text)
            {
                if (!IPAddress.TryParse(text, out address))
                {
                    throw new CliException($"--listen takes an IP address, such as 127.0.0.1 or 0.0.0.0, not '{text}'.");
                }

                if (!IPAddress.IsLoopback(address))
                {
                    context.Warn($"warning: listening on {address}: anyone who can reach this machine on that address can read every run in {database.Shown}" +
                                 (parse.GetValue(ingest) || parse.GetValue(write) ? " and, with the token, write to it." : "."));
                }
            }

            if (parse.GetValue(port) is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
            {
                throw new CliException($"--port takes a TCP port from 0 to 65535 (0 picks a free one), not {parse.GetValue(port).ToString(CultureInfo.InvariantCulture)}.");
            }

            if (!parse.GetValue(ingest))
            {
                DatabaseAccess.OpenRead(database, context.Env).Dispose();
            }

            var options = new ServerOptions
            {
                DatabasePath = database.Shown, Address = address,
                OpenReader = database is RecorderDatabase.Team ? () => DatabaseAccess.OpenRead(database, context.Env) : null, Port = parse.GetValue(port), Ingest = parse.GetValue(ingest),
                // The page follows the team database's pushes (its runs list and a run's view, as on a file).
                ChangeStamp = database is RecorderDatabase.Team team ? () => Storage.PostgreSql.TeamStore.PushStamp(team.ConnectionString) : null,
                Write = parse.GetValue(write),
                Time = context.Time, Log = context.Env.Error,
            };
            using var stop = new CancellationTokenSource();
            // Ctrl+C (SIGINT) and a service manager's SIGTERM stop the server cleanly: the process ends once the
            // session is closed, not in the middle of a batch.
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            var server = RecorderServer.StartAsync(options).GetAwaiter().GetResult();
            try
            {
                context.Line($"Serving {Wrap.Keep(database.Shown)}");
                context.Line($"  page: {server.Address}");
                context.Line($"  API:  {server.Address}openapi.json");
                if (server.WriteAddress is { } editable)
                {
                    // The token travels in the fragment, which the browser never sends: the page keeps it for its edits.
                    context.Line($"  page with journal edits (notes, tags, pins): {editable}");
                }

                if (server.Token is { } token)
                {
                    context.Line($"  {(options.Ingest ? "ingest " : "")}token (also in {Wrap.Keep(IngestToken.PathFor(options.DatabasePath))}, readable by you only): {token.Value}");
                }

                context.Line(string.Create(CultureInfo.InvariantCulture, $"Started in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms. Ctrl+C stops."));
                stop.Token.WaitHandle.WaitOne();
            }
            finally
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            void Stop(PosixSignalContext signal)
            {
                signal.Cancel = true;
                stop.Cancel();
            }

            context.Line("Stopped.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
