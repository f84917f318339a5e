using System.Diagnostics;
using NUnit.Framework;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// Opens a file in Debian's chromium, headless, with everything that could reach the network switched off, and
/// screenshots it. A missing browser fails the test: the report is only proven by rendering it.
/// </summary>
internal static class HeadlessBrowser
{
    private static readonly string[] Candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    public static string Screenshot(string htmlPath, string pngPath, string profileFolder)
    {
        var browser = Find() ?? throw new AssertionException(
            "No chromium on PATH: the HTML report test needs a real headless browser. Install it with `apt-get install -y chromium` (.ci/run does this when missing).");
        Directory.CreateDirectory(profileFolder);
        var start = new ProcessStartInfo(browser)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--user-data-dir=" + profileFolder, "--screenshot=" + pngPath, "--window-size=1280,2000",
                     new Uri(htmlPath).AbsoluteUri,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new AssertionException("chromium did not finish the screenshot within 120 s");
        }

        if (!File.Exists(pngPath))
        {
            throw new AssertionException($"chromium wrote no screenshot (exit {process.ExitCode}): {stdout.Result} {stderr.Result}");
        }

        return pngPath;
    }

    private static string? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return Candidates
            .SelectMany(name => path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }
}
