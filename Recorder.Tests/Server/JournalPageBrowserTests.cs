using NUnit.Framework;
using QuantowerRecorder.Storage.Journal;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>
/// The journal on the page in a real headless browser: read-only without `serve --write`; editable from the address a
/// `--write` server prints (a note, a tag, a pin added and a tag taken off by clicks, then found in the file); a stale
/// key refused. Screenshots: serve-journal-*.png.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class JournalPageBrowserTests
{
    private TempDatabase fixture = null!;
    private JournalFiles files = null!;
    private DevToolsBrowser browser = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        fixture = new TempDatabase("sweep.db");
        files = JournalFiles.Record(fixture.Path);
        foreach (var args in new[]
                 {
                     new[] { "note", files.LinkedPaper, "Paper fills a tick worse than the backtest's.\nKeep it running through April.", "--author", "ana" },
                     ["tag", files.LinkedPaper, "+keep", "--author", "ana"],
                     ["tag", "my-sweep", "+wide-plateau", "--author", "ana"],
                 })
        {
            var run = Cli.Cli.Run(fixture.Folder, [.. args, "--db", fixture.Path]);
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        }

        browser = await DevToolsBrowser.StartAsync(fixture.Sibling("browser-profile"));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await browser.DisposeAsync();
        fixture.Dispose();
    }

    [Test]
    public async Task Without_write_the_run_page_shows_the_journal_and_the_pass_read_only()
    {
        using var db = Copy();
        var seen = await browser.Blank();
        await using var server = await TestServer.StartAsync(db.Path);
        await OpenRun(server);

        Assert.That(await Text("#journal-tags .tag"), Is.EqualTo("keep"));
        Assert.That(await Text("#journal-notes li .journal-text"), Is.EqualTo("Paper fills a tick worse than the backtest's.\nKeep it running through April."));
        var number = files.Passes.Values.Order(StringComparer.Ordinal).ToList().IndexOf(files.Passes[3]) + 1;
        Assert.That(await Text(".journal-pass"), Does.StartWith($"From study: pass {number} of 6 of study my-sweep, ranked 3rd of 6 by net_pnl (15.0000), plateau score "));
        Assert.That((bool)(await browser.Evaluate("window.recorderPage.journal.editable"))!, Is.False);
        Assert.That((bool)(await browser.Evaluate("document.querySelector('#journal textarea, #journal input, #journal button') === null"))!, Is.True, "nothing to edit with");
        Assert.That(await Text("#journal-readonly"), Does.Contain("start `recorder serve --write`"));
        Assert.That(await Text("#journal"), Does.Not.Contain("null").And.Not.Contain("undefined"));
        await Screenshot("journal-readonly");

        // The study page carries the study's own journal.
        await browser.Click(".journal-pass a[href^='#/study/']");
        await browser.WaitFor("window.recorderPage.ready && window.recorderPage.view === 'study'", TimeSpan.FromSeconds(30));
        Assert.That(await Text("#journal-tags .tag"), Is.EqualTo("wide-plateau"));
        Assert.That(browser.Errors.Skip(seen), Is.Empty, server.Log);
    }

    [Test]
    public async Task From_the_address_serve_write_prints_a_note_a_tag_and_a_pin_are_added_by_clicks_and_land_in_the_file()
    {
        using var db = Copy();
        var seen = await browser.Blank();
        await using var server = await TestServer.StartAsync(db.Path, configure: o => o with { Write = true });
        await browser.Navigate(server.Server.WriteAddress!);
        await browser.WaitFor("window.recorderPage && window.recorderPage.ready && window.recorderPage.view === 'runs' && location.hash === '#/runs'", TimeSpan.FromSeconds(30));
        Assert.That((string)(await browser.Evaluate("localStorage.getItem('recorder-write-key')"))!, Is.EqualTo(server.Server.Token!.Value));
        Assert.That(server.Log, Does.Not.Contain(server.Server.Token.Value), "the key never reaches the server's log");
        await OpenRun(server);
        Assert.That((bool)(await browser.Evaluate("window.recorderPage.journal.editable"))!, Is.True);

        await browser.Evaluate("document.querySelector('#journal-note').value = 'Going live next week.\\nHalf size.'");
        await browser.Click("#journal-note-add");
        await browser.WaitFor("window.recorderPage.journal.notes.length === 2", TimeSpan.FromSeconds(10));
        await browser.Evaluate("document.querySelector('#journal-tag').value = 'ES-Ready'");
        await browser.Click("#journal-tag-add");
        await browser.WaitFor("window.recorderPage.journal.tags.includes('es-ready')", TimeSpan.FromSeconds(10));
        await browser.Click("#journal-tags .tag[data-tag='keep'] button.untag");
        await browser.WaitFor("!window.recorderPage.journal.tags.includes('keep')", TimeSpan.FromSeconds(10));
        await browser.Click("#journal-pin-toggle");
        await browser.WaitFor("window.recorderPage.journal.pinned === true", TimeSpan.FromSeconds(10));
        Assert.That(await Text("#journal-pin"), Does.StartWith("pinned by "));
        Assert.That(await Text("#journal"), Does.Not.Contain("null").And.Not.Contain("undefined"));
        await Screenshot("journal-editable");

        using (var reader = RecorderStore.OpenRead(db.Path))
        {
            var view = reader.Journal.Of(JournalSubject.Run(files.LinkedPaper));
            Assert.That(view.Notes.Select(n => n.Body), Is.EqualTo(new[] { "Paper fills a tick worse than the backtest's.\nKeep it running through April.", "Going live next week.\nHalf size." }));
            Assert.That(view.Tags, Is.EqualTo(new[] { "es-ready" }));
            Assert.That(view.Pinned, Is.True);
        }

        // The runs list says so, and filters by it.
        await browser.Navigate(new Uri(server.Server.Address, "/#/runs"));
        await browser.WaitFor("window.recorderPage.ready && window.recorderPage.view === 'runs'", TimeSpan.FromSeconds(30));
        await browser.Evaluate("(() => { const s = document.querySelector('select[name=pinned]'); s.value = 'true'; s.dispatchEvent(new Event('change')); })()");
        await browser.WaitFor("document.querySelectorAll('#runs-table tbody tr').length === 1", TimeSpan.FromSeconds(10));
        Assert.That(await Text("#runs-table tbody tr .run-marks"), Is.EqualTo("pinnedes-ready"), "a pinned mark and the tag");
        await Screenshot("journal-runs");
        Assert.That(browser.Errors.Skip(seen), Is.Empty, server.Log);
    }

    [Test]
    public async Task A_write_server_opened_without_its_key_is_read_only_and_a_stale_key_is_refused_and_forgotten()
    {
        using var db = Copy();
        var seen = await browser.Blank();
        await using var server = await TestServer.StartAsync(db.Path, configure: o => o with { Write = true });
        await OpenRun(server);
        Assert.That((bool)(await browser.Evaluate("window.recorderPage.journal.editable"))!, Is.False);
        Assert.That(await Text("#journal-readonly"), Does.Contain("opened at the address `recorder serve --write` printed"));

        // A key left from an earlier start of the server.
        await browser.Evaluate("localStorage.setItem('recorder-write-key', '" + new string('a', 64) + "')");
        await browser.Navigate(new Uri(server.Server.Address, "/#/runs"));
        await browser.WaitFor("window.recorderPage.ready && window.recorderPage.view === 'runs'", TimeSpan.FromSeconds(30));
        await OpenRun(server);
        Assert.That((bool)(await browser.Evaluate("window.recorderPage.journal.editable"))!, Is.True);
        await browser.Evaluate("document.querySelector('#journal-note').value = 'not allowed'");
        await browser.Click("#journal-note-add");
        await browser.WaitFor("window.recorderPage.journal.message !== null", TimeSpan.FromSeconds(10));
        Assert.That(await Text("#journal-message"), Does.Contain("needs 'Authorization: Bearer <token>'"));
        Assert.That(await browser.Evaluate("localStorage.getItem('recorder-write-key')"), Is.Null);
        Assert.That((bool)(await browser.Evaluate("window.recorderPage.journal.editable"))!, Is.False, "read-only once its key was refused");
        await Screenshot("journal-stale-key");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM journal_entries WHERE body = 'not allowed'"), Is.Zero);
        // The 401 the refused note got is the one console error the page may have; nothing else.
        Assert.That(browser.Errors.Skip(seen).Where(e => !e.Contains("401", StringComparison.Ordinal)), Is.Empty, server.Log);
    }

    private async Task OpenRun(TestServer server)
    {
        var hash = "#/run/" + files.LinkedPaper;
        await browser.Navigate(new Uri(server.Server.Address, "/" + hash));
        await browser.WaitFor($"window.recorderPage && window.recorderPage.ready && window.recorderPage.view === 'run' && window.recorderPage.shown === '{hash}'", TimeSpan.FromSeconds(30));
    }

    private async Task<string> Text(string selector) =>
        (string)(await browser.Evaluate($"document.querySelector({System.Text.Json.JsonSerializer.Serialize(selector)}).textContent"))!;

    private async Task Screenshot(string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "serve-" + name + ".png");
        await browser.Screenshot(path);
        TestContext.AddTestAttachment(path);
    }

    private TempDatabase Copy()
    {
        var db = new TempDatabase("sweep.db");
        File.Copy(fixture.Path, db.Path);
        return db;
    }
}
