using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>
/// What the page's study figures stand on, printed on the page (not only in tooltips), a heatmap cell's pass count,
/// and the words in place of a figure a study is too small for, in a real headless browser. The demo's sweep is
/// judged as recorded; a study "mixed" groups by hand the runs of the demo's three parameter sets (backtests and
/// paper runs), so that a heatmap cell holds several passes. Screenshots: serve-study-figures*.png.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class StudyFiguresBrowserTests
{
    private TempDatabase db = null!;
    private TestServer server = null!;
    private DevToolsBrowser browser = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        db = DemoFiles.Create();
        var runs = DemoFiles.TraderRuns(db.Path);
        var grouped = Cli.Cli.Run(db.Folder, ["study", "group", "mixed", .. runs, "--db", db.Path]);
        Assert.That(grouped.ExitCode, Is.EqualTo(0), grouped.ToString());
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

    private async Task<JsonNode> Get(string path) => JsonNode.Parse(await server.Client.GetStringAsync(path))!;

    private async Task<JsonNode> Open(string name)
    {
        var id = (string)(await Get("/api/studies/")).AsArray().Single(s => (string)s!["name"]! == name)!["study_id"]!;
        await browser.Navigate(new Uri(server.Server.Address, "/#/study/" + id));
        await browser.WaitFor($"window.recorderPage && window.recorderPage.ready && window.recorderPage.view === 'study' && window.recorderPage.shown === '#/study/{id}'",
            TimeSpan.FromSeconds(30));
        return await Get("/api/studies/" + id);
    }

    private async Task<string> Text(string selector) => (string)(await browser.Evaluate($"document.querySelector('{selector}').textContent"))!;

    // Shown on the page: laid out with a size, inside the window, not hidden in a title attribute.
    private async Task AssertVisible(string selector)
    {
        var box = (await browser.Evaluate($"(() => {{ const r = document.querySelector('{selector}').getBoundingClientRect(); return [r.width, r.height, r.bottom, innerHeight]; }})()"))!.AsArray()
            .Select(n => (double)n!).ToArray();
        Assert.That(box[0] > 0 && box[1] > 0 && box[2] <= box[3], Is.True, $"{selector} is laid out on screen: {string.Join(", ", box)}");
    }

    private async Task Screenshot(string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "serve-" + name + ".png");
        await browser.Screenshot(path);
        TestContext.AddTestAttachment(path);
    }

    [Test]
    public async Task The_study_header_prints_the_trials_threshold_blocks_splits_and_period_its_figures_stand_on()
    {
        var study = await Open("demo-sweep");
        var ds = study["deflated_sharpe"]!;
        var pbo = study["overfitting"]!;

        var dsr = await Text("#study-dsr-on");
        Assert.That(dsr, Does.Contain($"25 trials: {ds["population"]}"));
        Assert.That(dsr, Does.Contain("threshold SR₀ " + Math.Round((double)ds["threshold"]!, 3).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(dsr, Does.Contain($"on {(int)ds["observations"]!} daily returns (×√365)"));
        var overfitting = await Text("#study-pbo-on");
        Assert.That(overfitting, Does.Contain($"12,870 splits of 16 blocks of {(int)pbo["block_size"]!} daily returns (the oldest {(int)pbo["oldest_left_out"]!} of {(int)pbo["periods"]!} left out)"));
        Assert.That(overfitting, Does.Contain("annualised with 365 days a year (365 days)"));
        var pick = study["passes"]!.AsArray().Single(p => (bool)p!["plateau_pick"]!)!;
        var averaged = (int)pick["plateau_passes"]!;
        Assert.That(await Text("#study-pick-on"), Does.Contain($"the mean of {averaged} passes (itself and its {averaged - 1} nearest)"));
        // The hover said "itself and its 5 nearest neighbours" for a mean of 5 passes.
        var title = (string)(await browser.Evaluate("document.querySelector('#study-pick .k').title"))!;
        Assert.That(title, Does.Contain($"itself and its {(int)study["plateau_neighbours"]! - 1} nearest passes"));
        foreach (var on in new[] { "#study-dsr-on", "#study-pbo-on", "#study-pick-on" })
        {
            await AssertVisible(on);
        }

        await Screenshot("study-figures");
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    [Test]
    public async Task A_heatmap_cell_shows_how_many_passes_its_mean_is_over_and_small_figures_say_what_they_lack()
    {
        var study = await Open("mixed");
        var grid = study["heatmap"]!;
        var cells = grid["cells"]!.AsArray();
        Assert.That(cells.Any(c => (int)c!["count"]! > 1), Is.True, "a parameter set run as a backtest and a paper run is two passes in one cell");

        var shown = (await browser.Evaluate("[...document.querySelectorAll('#study-heatmap .cell')].map(g => { const t = g.querySelector('.count'); return t ? t.textContent : ''; })"))!
            .AsArray().Select(n => (string)n!).ToList();
        Assert.That(shown, Is.EqualTo(cells.Select(c => (int)c!["count"]! == 0 ? "" : $"({(int)c!["count"]!})")));
        Assert.That(await Text("#study-heatmap-method"), Does.Contain("with their number in brackets under it"));

        // Seven passes and at least four inputs that vary (k ≥ 9): too few for a plateau, and the page says so.
        Assert.That(study["plateau_not_enough"], Is.Not.Null);
        Assert.That(await Text("#study-pick .v"), Is.EqualTo("none"));
        Assert.That(await Text("#study-pick-on"), Does.StartWith((string)study["plateau_not_enough"]!["text"]!));
        await AssertVisible("#study-pick-on");
        await Screenshot("study-figures-mixed");
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }
}
