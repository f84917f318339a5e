using System.Diagnostics;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// Opens a file in Chrome, Edge or Chromium (wherever the OS installs them: <see cref="BrowserLocator"/>), headless, with everything that could reach the network switched off, and
/// screenshots it. A missing browser fails the test: the report is only proven by rendering it.
/// </summary>
internal static class HeadlessBrowser
{
    public static string Screenshot(string htmlPath, string pngPath, string profileFolder)
    {
        var locator = BrowserLocator.ForThisMachine();
        var browser = locator.Find() ?? throw MissingPart.Fail(
            MissingPart.Browser,
            "No Chrome, Edge or Chromium found: the HTML report test needs a real headless browser. Looked in: " + string.Join(", ", locator.Candidates()) + ".",
            locator.InstallHint);
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
            throw new AssertionException("the browser did not finish the screenshot within 120 s");
        }

        if (!File.Exists(pngPath))
        {
            throw new AssertionException($"the browser wrote no screenshot (exit {process.ExitCode}): {stdout.Result} {stderr.Result}");
        }

        return pngPath;
    }
}
