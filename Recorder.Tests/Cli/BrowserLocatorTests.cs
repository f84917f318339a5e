using NUnit.Framework;

namespace QuantowerRecorder.Tests.Cli;

public sealed class BrowserLocatorTests
{
    [Test]
    public void On_Windows_Chrome_and_Edge_are_found_in_Program_Files_and_LocalAppData_without_PATH()
    {
        var variables = new Dictionary<string, string>
        {
            ["ProgramFiles"] = @"C:\Program Files", ["ProgramFiles(x86)"] = @"C:\Program Files (x86)",
            ["LOCALAPPDATA"] = @"C:\Users\t\AppData\Local", ["PATH"] = @"C:\Windows\system32",
        };
        var edge = @"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe";
        var userChrome = @"C:\Users\t\AppData\Local\Google\Chrome\Application\chrome.exe";

        var locator = new BrowserLocator(BrowserOs.Windows, name => variables.GetValueOrDefault(name), path => path == edge);
        var perUser = locator with { Exists = path => path == userChrome || path == edge };

        Assert.Multiple(() =>
        {
            Assert.That(locator.Find(), Is.EqualTo(edge));
            Assert.That(perUser.Find(), Is.EqualTo(edge), "the machine-wide install comes before the per-user one");
            Assert.That(locator.Candidates(), Does.Contain(@"C:\Program Files\Google\Chrome\Application\chrome.exe"));
            Assert.That(locator.Candidates(), Does.Contain(userChrome));
            Assert.That(locator.Candidates(), Does.Contain(@"C:\Windows\system32\chrome.exe"), "PATH names carry .exe on Windows");
        });
    }

    [Test]
    public void On_macOS_the_app_bundles_are_found()
    {
        var chrome = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
        var locator = new BrowserLocator(BrowserOs.MacOs, _ => null, path => path == chrome);

        Assert.That(locator.Find(), Is.EqualTo(chrome));
    }

    [Test]
    public void On_Linux_every_usual_name_is_looked_for_on_PATH()
    {
        var locator = new BrowserLocator(BrowserOs.Linux, name => name == "PATH" ? "/usr/local/bin:/usr/bin" : null,
            path => path == "/usr/bin/google-chrome-stable");

        Assert.That(locator.Find(), Is.EqualTo("/usr/bin/google-chrome-stable"));
    }

    [Test]
    public void RECORDER_BROWSER_wins_over_the_usual_places()
    {
        var locator = new BrowserLocator(BrowserOs.Linux, name => name == "RECORDER_BROWSER" ? "/opt/b/chrome" : "/usr/bin", _ => true);

        Assert.That(locator.Find(), Is.EqualTo("/opt/b/chrome"));
    }

    [TestCase("Windows", "Microsoft Edge")]
    [TestCase("MacOs", "/Applications")]
    [TestCase("Linux", "apt-get install -y chromium")]
    public void With_no_browser_the_hint_is_the_one_for_that_OS(string os, string expected)
    {
        var locator = new BrowserLocator(Enum.Parse<BrowserOs>(os), _ => null, _ => false);

        Assert.Multiple(() =>
        {
            Assert.That(locator.Find(), Is.Null);
            Assert.That(locator.InstallHint, Does.Contain(expected));
        });
    }
}
