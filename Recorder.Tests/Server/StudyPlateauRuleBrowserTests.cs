using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>The study page's plateau pick card says the rule the pick follows (docs/metrics.md, "Studies").</summary>
[TestFixture]
[Category("Browser")]
public sealed class StudyPlateauRuleBrowserTests
{
    private TempDatabase db = null!;
    private TestServer server = null!;
    private DevToolsBrowser browser = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        db = DemoFiles.Create();
        server = await TestServer.StartAsync(db.Path);
        browser = await DevToolsBrowser.StartAsync(db.Sibling("browser-profile"));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await browser.DisposeAsync();
        await server.DisposeAsync();
        db.Dispose();
    }

    [Test]
    public async Task The_plateau_pick_card_says_its_rule()
    {
        var studies = JsonNode.Parse(await server.Client.GetStringAsync("/api/studies/"))!.AsArray();
        var studyId = (string)studies.Single(s => (string)s!["name"]! == "demo-sweep")!["study_id"]!;
        await browser.Navigate(new Uri(server.Server.Address, "/#/study/" + studyId));
        await browser.WaitFor($"window.recorderPage && window.recorderPage.ready && window.recorderPage.view === 'study' && window.recorderPage.shown === '#/study/{studyId}'", TimeSpan.FromSeconds(30));

        var card = (string)(await browser.Evaluate("document.querySelector('#study-pick').textContent"))!;
        Assert.That(card, Does.Contain("The pick is the best plateau score among the passes whose own sharpe is at least as good as their score"));
        await browser.Evaluate("document.querySelector('#study-pick').scrollIntoView({block: 'center'})");
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "serve-study-pick.png");
        await browser.Screenshot(path);
        TestContext.AddTestAttachment(path);
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }
}
