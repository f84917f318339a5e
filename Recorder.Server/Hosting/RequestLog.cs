using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Server.Hosting;

/// <summary>What every request goes through first: the loopback check, a failure turned into a problem, the log line.</summary>
internal static class RequestLog
{
    /// <summary>One line per request, after it; a failure of the handler becomes a 500 problem, never a crash.</summary>
    public static async Task Handle(HttpContext http, RequestDelegate next, ServerOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        string? failure = null;
        try
        {
            if (LoopbackHosts.Allows(http.Request, options.Address))
            {
                await next(http).ConfigureAwait(false);
            }
            else
            {
                http.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
                await Results.Problem("this server answers requests to localhost or 127.0.0.1 only", statusCode: StatusCodes.Status421MisdirectedRequest)
                    .ExecuteAsync(http).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            failure = ex.GetType().Name + ": " + ex.Message;
            http.Response.Clear();
            // The file's own problems (missing, not ours, busy with another writer) are the file's, said as such.
            var busy = SqliteErrors.IsTransient(ex);
            http.Response.StatusCode = ex is RecorderDatabaseException || busy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
            if (busy)
            {
                http.Response.Headers.RetryAfter = "1";
            }

            await Results.Problem(ex is RecorderDatabaseException ? ex.Message
                    : busy ? "another program holds the database's lock; retry in a moment (" + ex.Message + ")"
                    : "the server failed on this request: " + ex.GetType().Name + ": " + ex.Message,
                statusCode: http.Response.StatusCode).ExecuteAsync(http).ConfigureAwait(false);
        }
        finally
        {
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            lock (options.Log)
            {
                options.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{options.Time.GetUtcNow():HH:mm:ss} {http.Request.Method} {http.Request.Path}{http.Request.QueryString} {http.Response.StatusCode} {ms:0.0} ms{(failure is null ? "" : " " + failure)}"));
            }
        }
    }
}
