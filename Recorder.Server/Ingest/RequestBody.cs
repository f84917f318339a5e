using Microsoft.AspNetCore.Http;

namespace QuantowerRecorder.Server.Ingest;

/// <summary>Reads a request body's bytes up to a limit; past it the body is refused, not cut.</summary>
internal static class RequestBody
{
    private static readonly string[] LineTypes = ["application/x-ndjson", "application/jsonl", "application/jsonlines"];

    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancel)
    {
        // A body somewhat over the limit is read to its end and dropped, so the client gets its 413 instead of a
        // connection reset in the middle of sending; a far larger one is refused at once.
        var drainLimit = (long)maxBytes * 4;
        if (request.ContentLength > drainLimit)
        {
            return null;
        }

        int read;
        if (request.ContentLength is { } length && length <= maxBytes)
        {
            // Its size said and within the limit: read into one array of that size, not into a stream that grows by
            // doubling and is then copied (a batch of 10,000 events is about 4 MB).
            var body = new byte[length];
            var filled = 0;
            while (filled < body.Length && (read = await request.Body.ReadAsync(body.AsMemory(filled), cancel).ConfigureAwait(false)) > 0)
            {
                filled += read;
            }

            return filled == body.Length ? body : body[..filled];
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        long total = 0;
        while ((read = await request.Body.ReadAsync(chunk, cancel).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > drainLimit)
            {
                return null;
            }

            if (total <= maxBytes)
            {
                buffer.Write(chunk, 0, read);
            }
        }

        // Bytes, not text: invalid UTF-8 reaches the event reader as it came and is refused there with its field.
        return total > maxBytes ? null : buffer.ToArray();
    }

    /// <summary>JSON only: application/json, or for a batch also the JSON-lines types.</summary>
    public static bool IsJson(HttpRequest request, bool lines)
    {
        var type = request.ContentType?.Split(';')[0].Trim();
        return string.Equals(type, "application/json", StringComparison.OrdinalIgnoreCase)
               || (lines && LineTypes.Contains(type, StringComparer.OrdinalIgnoreCase));
    }
}
