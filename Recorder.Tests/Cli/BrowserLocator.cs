namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// Where Chrome, Edge or Chromium is installed on each OS: Windows and macOS put them in fixed folders that are not on
/// PATH, Linux distributions put them on PATH under several names. Pure, so that every OS's rule is testable anywhere.
/// </summary>
internal sealed record BrowserLocator(BrowserOs Os, Func<string, string?> Variable, Func<string, bool> Exists)
{
    public static BrowserLocator ForThisMachine() => new(
        OperatingSystem.IsWindows() ? BrowserOs.Windows : OperatingSystem.IsMacOS() ? BrowserOs.MacOs : BrowserOs.Linux,
        Environment.GetEnvironmentVariable,
        File.Exists);

    /// <summary>What to do when no browser is found, in this OS's words.</summary>
    public string InstallHint => Os switch
    {
        BrowserOs.Windows => "Install Google Chrome (https://www.google.com/chrome/) or use Microsoft Edge, which Windows ships in " +
                             @"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe; or set RECORDER_BROWSER to a browser's full path.",
        BrowserOs.MacOs => "Install Google Chrome or Chromium into /Applications (for example `brew install --cask chromium`), " +
                           "or set RECORDER_BROWSER to the browser's executable.",
        _ => "Install Chromium (`sudo apt-get install -y chromium` on Debian/Ubuntu, `sudo dnf install chromium` on Fedora; " +
             "./test.sh does this when it may), or set RECORDER_BROWSER to a browser's full path.",
    };

    /// <summary>Every place looked at, in order: RECORDER_BROWSER first, then the OS's usual install locations.</summary>
    public IReadOnlyList<string> Candidates()
    {
        var list = new List<string>();
        if (Variable("RECORDER_BROWSER") is { Length: > 0 } chosen)
        {
            list.Add(chosen);
        }

        switch (Os)
        {
            case BrowserOs.Windows:
                foreach (var root in new[] { Variable("ProgramFiles"), Variable("ProgramFiles(x86)"), Variable("LOCALAPPDATA") })
                {
                    if (string.IsNullOrEmpty(root))
                    {
                        continue;
                    }

                    list.Add(Windows(root, @"Google\Chrome\Application\chrome.exe"));
                    list.Add(Windows(root, @"Microsoft\Edge\Application\msedge.exe"));
                    list.Add(Windows(root, @"Chromium\Application\chrome.exe"));
                }

                list.AddRange(OnPath(["chrome.exe", "msedge.exe", "chromium.exe"], ';'));
                break;
            case BrowserOs.MacOs:
                list.Add("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome");
                list.Add("/Applications/Chromium.app/Contents/MacOS/Chromium");
                list.Add("/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge");
                if (Variable("HOME") is { Length: > 0 } home)
                {
                    list.Add(home + "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome");
                    list.Add(home + "/Applications/Chromium.app/Contents/MacOS/Chromium");
                }

                list.AddRange(OnPath(["chromium", "google-chrome"], ':'));
                break;
            default:
                list.AddRange(OnPath(
                    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "microsoft-edge-stable"], ':'));
                break;
        }

        return list;
    }

    public string? Find() => Candidates().FirstOrDefault(Exists);

    // Built with the OS's own separator whatever machine the rule is evaluated on, so the Windows rule is testable on Linux.
    private static string Windows(string root, string relative) => root.TrimEnd('\\', '/') + "\\" + relative;

    private IEnumerable<string> OnPath(string[] names, char separator)
    {
        var folders = (Variable("PATH") ?? "").Split(separator, StringSplitOptions.RemoveEmptyEntries);
        var joiner = Os == BrowserOs.Windows ? "\\" : "/";
        return names.SelectMany(name => folders.Select(folder => folder.TrimEnd('\\', '/') + joiner + name));
    }
}

/// <summary>The operating systems whose browser install locations <see cref="BrowserLocator"/> knows.</summary>
internal enum BrowserOs
{
    Linux,
    Windows,
    MacOs,
}
