using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>
/// A real headless Chrome/Edge/Chromium (found as the report tests find it: <see cref="BrowserLocator"/>) driven over
/// the DevTools protocol on a WebSocket: navigate, evaluate, click, screenshot, and every console error and
/// uncaught exception collected. No driver package: the protocol is JSON over one socket.
/// </summary>
internal sealed partial class DevToolsBrowser : IAsyncDisposable
{
    private readonly Process process;
    private readonly ClientWebSocket socket = new();
    private readonly Dictionary<int, TaskCompletionSource<JsonNode>> waiting = [];
    private readonly List<string> errors = [];
    private readonly CancellationTokenSource stop = new();
    private Task? reading;
    private int nextId;

    private DevToolsBrowser(Process process) => this.process = process;

    /// <summary>Console errors, failed loads and uncaught exceptions seen so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (errors)
            {
                return errors.ToList();
            }
        }
    }

    public static async Task<DevToolsBrowser> StartAsync(string profileFolder, int width = 1400, int height = 1800)
    {
        var locator = BrowserLocator.ForThisMachine();
        var path = locator.Find() ?? throw MissingPart.Fail(
            MissingPart.Browser,
            "No Chrome, Edge or Chromium found: the page test needs a real headless browser. Looked in: " + string.Join(", ", locator.Candidates()) + ".",
            locator.InstallHint);
        Directory.CreateDirectory(profileFolder);
        var start = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                     "--user-data-dir=" + profileFolder, $"--window-size={width},{height}", "about:blank",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var browser = new DevToolsBrowser(Process.Start(start)!);
        _ = browser.process.StandardOutput.ReadToEndAsync();
        // Chromium says where its DevTools endpoint is on standard error: "DevTools listening on ws://127.0.0.1:PORT/...".
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? port = null;
        while (port is null && DateTime.UtcNow < deadline && await browser.process.StandardError.ReadLineAsync() is { } line)
        {
            var match = Listening().Match(line);
            port = match.Success ? match.Groups[1].Value : null;
        }

        _ = browser.process.StandardError.ReadToEndAsync();
        if (port is null)
        {
            await browser.DisposeAsync();
            throw new AssertionException("the browser did not open its DevTools endpoint");
        }

        using var http = new HttpClient();
        var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list")))!.AsArray();
        var page = targets.First(t => (string?)t!["type"] == "page")!;
        await browser.socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), CancellationToken.None);
        browser.reading = browser.ReadLoop();
        await browser.Send("Runtime.enable");
        await browser.Send("Log.enable");
        await browser.Send("Page.enable");
        await browser.Send("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        return browser;
    }

    public Task Navigate(Uri url) => Send("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri });

    /// <summary>
    /// Leaves whatever page is open for an empty one, and says how many errors were seen until then. A page left open
    /// on a server a test has stopped keeps calling it (the change stream reconnects) and each refused call is an
    /// error; a test that shares the browser starts from here and reads only the errors after this count.
    /// </summary>
    public async Task<int> Blank()
    {
        await Navigate(new Uri("about:blank"));
        await WaitFor("location.href === 'about:blank' && document.readyState === 'complete'", TimeSpan.FromSeconds(30));
        return Errors.Count;
    }

    /// <summary>Cuts the page off the network (DevTools' offline emulation): any request fails, and shows in <see cref="Errors"/>.</summary>
    public async Task Offline()
    {
        await Send("Network.enable");
        await Send("Network.emulateNetworkConditions", new JsonObject { ["offline"] = true, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = -1 });
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its value (awaiting a promise).</summary>
    public async Task<JsonNode?> Evaluate(string expression) => await Evaluate(expression, TimeSpan.FromSeconds(60));

    private async Task<JsonNode?> Evaluate(string expression, TimeSpan replyWithin)
    {
        var result = await Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, replyWithin);
        if (result["exceptionDetails"] is { } exception)
        {
            throw new AssertionException("the page threw: " + exception.ToJsonString());
        }

        return result["result"]?["value"];
    }

    /// <summary>
    /// Waits until an expression is true in the page. The page itself checks it at every frame it draws (its state
    /// changes show in the next frame) and answers the one evaluation when it holds; the time limit only ends a page
    /// that never gets there.
    /// </summary>
    public async Task WaitFor(string expression, TimeSpan timeout)
    {
        var milliseconds = (long)timeout.TotalMilliseconds;
        var waiting = $$"""
            new Promise((done, failed) => {
              const until = performance.now() + {{milliseconds}};
              const check = () => {
                try {
                  if (Boolean({{expression}})) done(true);
                  else if (performance.now() > until) done(false);
                  else requestAnimationFrame(check);
                } catch (e) {
                  failed(e);
                }
              };
              check();
            })
            """;
        while (true)
        {
            JsonNode? reached;
            try
            {
                reached = await Evaluate(waiting, timeout + TimeSpan.FromSeconds(30));
            }
            catch (AssertionException navigated) when (ContextGone().IsMatch(navigated.Message))
            {
                // A navigation replaced the document the check ran in: check again in the new one.
                continue;
            }

            if (reached is JsonValue value && value.GetValue<bool>())
            {
                return;
            }

            throw new AssertionException($"the page never got to: {expression}. Errors: {string.Join(" | ", Errors)}");
        }
    }

    /// <summary>A real mouse click (pressed and released) at the centre of the first element matching a selector.</summary>
    public async Task Click(string selector)
    {
        var box = await Evaluate($"(() => {{ const e = document.querySelector({System.Text.Json.JsonSerializer.Serialize(selector)}); if (!e) return null; e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()")
                  ?? throw new AssertionException("nothing on the page matches " + selector);
        var (x, y) = ((double)box[0]!, (double)box[1]!);
        foreach (var type in new[] { "mousePressed", "mouseReleased" })
        {
            await Send("Input.dispatchMouseEvent", new JsonObject { ["type"] = type, ["x"] = x, ["y"] = y, ["button"] = "left", ["clickCount"] = 1 });
        }
    }

    /// <summary>A real mouse move onto the centre of the first element matching a selector (hover handlers fire).</summary>
    public async Task Hover(string selector)
    {
        var box = await Evaluate($"(() => {{ const e = document.querySelector({System.Text.Json.JsonSerializer.Serialize(selector)}); if (!e) return null; e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()")
                  ?? throw new AssertionException("nothing on the page matches " + selector);
        await Send("Input.dispatchMouseEvent", new JsonObject { ["type"] = "mouseMoved", ["x"] = (double)box[0]!, ["y"] = (double)box[1]! });
    }

    public async Task<byte[]> Screenshot(string path)
    {
        // Let the charts paint the frame after the last change.
        await Evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
        var shot = await Send("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        var bytes = Convert.FromBase64String((string)shot["data"]!);
        await File.WriteAllBytesAsync(path, bytes);
        return bytes;
    }

    private async Task<JsonNode> Send(string method, JsonObject? parameters = null, TimeSpan? replyWithin = null)
    {
        var id = Interlocked.Increment(ref nextId);
        var done = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (waiting)
        {
            waiting[id] = done;
        }

        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        var reply = await done.Task.WaitAsync(replyWithin ?? TimeSpan.FromSeconds(60));
        if (reply["error"] is { } error)
        {
            throw new AssertionException($"{method} failed: {error.ToJsonString()}");
        }

        return reply["result"] ?? new JsonObject();
    }

    private async Task ReadLoop()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (!stop.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await socket.ReceiveAsync(buffer, stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                return;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            var node = JsonNode.Parse(message.ToArray())!;
            message.SetLength(0);
            if (node["id"] is { } id)
            {
                TaskCompletionSource<JsonNode>? done;
                lock (waiting)
                {
                    waiting.Remove((int)id, out done);
                }

                done?.TrySetResult(node);
                continue;
            }

            var error = (string?)node["method"] switch
            {
                "Runtime.exceptionThrown" => "exception: " + node["params"]!["exceptionDetails"]!.ToJsonString(),
                "Runtime.consoleAPICalled" when (string?)node["params"]!["type"] is "error" or "assert" => "console.error: " + node["params"]!["args"]!.ToJsonString(),
                "Log.entryAdded" when (string?)node["params"]!["entry"]!["level"] == "error" => "log: " + (string?)node["params"]!["entry"]!["text"] + " " + (string?)node["params"]!["entry"]!["url"],
                _ => null,
            };
            if (error is not null)
            {
                lock (errors)
                {
                    errors.Add(error);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // The browser may already be gone.
        }

        socket.Dispose();
        if (reading is not null)
        {
            await reading;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        stop.Dispose();
    }

    [GeneratedRegex(@"DevTools listening on ws://[^:]+:(\d+)/")]
    private static partial Regex Listening();

    // What DevTools answers an evaluation whose document went away under it.
    [GeneratedRegex("Execution context was destroyed|Cannot find context with specified id|Inspected target navigated or closed")]
    private static partial Regex ContextGone();
}
