using System.Buffers;
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

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        long total = 0;
        int read;
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

    /// <summary>
    /// <see cref="ReadAsync"/> for a body only read while the request is answered (the ingest's events are copied out of
    /// it): one of its size said (Content-Length, within the limit) is read into an array from the shared pool, given
    /// back when the result is disposed, instead of a new array of megabytes for every batch, which the collector
    /// finds among the large objects; any other as <see cref="ReadAsync"/> reads it.
    /// </summary>
    public static async Task<Pooled?> ReadPooledAsync(HttpRequest request, int maxBytes, CancellationToken cancel)
    {
        if (request.ContentLength is not { } length || length > maxBytes)
        {
            return await ReadAsync(request, maxBytes, cancel).ConfigureAwait(false) is { } read ? new Pooled(read, read.Length, fromPool: false) : null;
        }

        var body = new Pooled(ArrayPool<byte>.Shared.Rent((int)length), 0, fromPool: true);
        try
        {
            var array = body.Array;
            int read;
            while (body.Length < length && (read = await request.Body.ReadAsync(array.AsMemory(body.Length, (int)length - body.Length), cancel).ConfigureAwait(false)) > 0)
            {
                body.Length += read;
            }

            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>A body's bytes (<see cref="ReadPooledAsync"/>), valid until disposed.</summary>
    internal sealed class Pooled(byte[] array, int length, bool fromPool) : IDisposable
    {
        private byte[]? array = array;

        internal byte[] Array => array ?? throw new ObjectDisposedException(nameof(Pooled));

        internal int Length { get; set; } = length;

        public ReadOnlyMemory<byte> Bytes => Array.AsMemory(0, Length);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref array, null) is { } given && fromPool)
            {
                ArrayPool<byte>.Shared.Return(given);
            }
        }
    }

    /// <summary>JSON only: application/json, or for a batch also the JSON-lines types.</summary>
    public static bool IsJson(HttpRequest request, bool lines)
    {
        var type = request.ContentType?.Split(';')[0].Trim();
        return string.Equals(type, "application/json", StringComparison.OrdinalIgnoreCase)
               || (lines && LineTypes.Contains(type, StringComparer.OrdinalIgnoreCase));
    }
}
