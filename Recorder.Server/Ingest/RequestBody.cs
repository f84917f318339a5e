using System.Text;
using Microsoft.AspNetCore.Http;

namespace QuantowerRecorder.Server.Ingest;

/// <summary>Reads a request body as UTF-8 text up to a limit; past it the body is refused, not cut.</summary>
internal static class RequestBody
{
    public static async Task<string?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancel)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancel).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        // Invalid UTF-8 becomes U+FFFD like any other odd text; the JSON reader then judges the content.
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>JSON only: application/json, or for a batch also the JSON-lines types.</summary>
    public static bool IsJson(HttpRequest request, bool lines)
    {
        var type = request.ContentType?.Split(';')[0].Trim();
        return string.Equals(type, "application/json", StringComparison.OrdinalIgnoreCase)
               || (lines && (string.Equals(type, "application/x-ndjson", StringComparison.OrdinalIgnoreCase)
                             || string.Equals(type, "application/jsonl", StringComparison.OrdinalIgnoreCase)
                             || string.Equals(type, "application/jsonlines", StringComparison.OrdinalIgnoreCase)));
    }
}
