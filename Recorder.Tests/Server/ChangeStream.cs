using System.Text;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace QuantowerRecorder.Tests.Server;

/// <summary>A client of GET /api/changes: reads the server-sent events one at a time, each within a deadline.</summary>
internal sealed class ChangeStream : IAsyncDisposable
{
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private ChangeStream(HttpResponseMessage response, StreamReader reader)
    {
        this.response = response;
        this.reader = reader;
    }

    public HttpResponseMessage Response => response;

    /// <summary>Opens the stream and reads up to its first comment: from then on the server tells this client what changes.</summary>
    public static async Task<ChangeStream> OpenAsync(HttpClient client)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var response = await client.GetAsync("/api/changes", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token), Encoding.UTF8);
        var stream = new ChangeStream(response, reader);
        while (await reader.ReadLineAsync(deadline.Token) is { } line && line != ": following")
        {
        }

        return stream;
    }

    /// <summary>The next event whose name and data match, skipping others; fails past the deadline.</summary>
    public async Task<JsonNode> Next(string name, Func<JsonNode, bool>? matches = null, double seconds = 30)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var seen = new List<string>();
        try
        {
            while (true)
            {
                var (eventName, data) = await ReadEvent(deadline.Token);
                seen.Add(eventName);
                var node = JsonNode.Parse(data)!;
                if (eventName == name && (matches is null || matches(node)))
                {
                    return node;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new AssertionException($"no '{name}' event within {seconds} s; saw: {string.Join(", ", seen)}");
        }
    }

    private async Task<(string Name, string Data)> ReadEvent(CancellationToken cancel)
    {
        string? name = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancel) is { } line)
        {
            if (line.Length == 0 && data.Length > 0)
            {
                return (name ?? "message", data.ToString());
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }

        throw new AssertionException("the server ended the stream");
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
