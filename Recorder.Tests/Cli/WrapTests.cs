using NUnit.Framework;
using QuantowerRecorder.Cli.Tables;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>Prose fitted to a width: broken between words only, never inside one.</summary>
public sealed class WrapTests
{
    [Test]
    public void Prose_breaks_between_words_and_never_inside_one()
    {
        // The finding: "· 2026" / "-01-04" and "one cell p" / "er value" where the terminal broke the line itself.
        const string text = "Heatmap: mean sharpe per cell (one cell per value) · 2026-01-04 → 2026-01-15 · 25 passes";
        var lines = Wrap.Prose(text, 30).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(lines.Max(CellWidth.Of), Is.LessThanOrEqualTo(30), string.Join("\n", lines));
            Assert.That(string.Join(" ", lines), Is.EqualTo(text), "every word whole, in order");
            Assert.That(lines, Is.EqualTo(new[] { "Heatmap: mean sharpe per cell", "(one cell per value) ·", "2026-01-04 → 2026-01-15 · 25", "passes" }));
        });
    }

    [Test]
    public void An_indented_item_continues_two_further_in()
    {
        Assert.That(Wrap.Prose("  conflict: orders 42: price 1.5 → 1.75", 22).ToList(),
            Is.EqualTo(new[] { "  conflict: orders 42:", "    price 1.5 → 1.75" }));
    }

    [Test]
    public void Without_a_width_text_is_left_as_it_is()
    {
        const string text = "OK    folder: spaced   as  written";
        Assert.That(Wrap.Prose(text, null).ToList(), Is.EqualTo(new[] { text }));
        Assert.That(Wrap.Prose(text, 80).ToList(), Is.EqualTo(new[] { text }), "a line that fits keeps its spacing");
    }

    [Test]
    public void A_kept_path_stays_on_one_line_and_prints_with_its_own_spaces()
    {
        var path = Path.Combine("C:", "Users", "Jane Doe", "Documents", "demo.db");
        var lines = Wrap.Prose($"Recorded 32 runs into {Wrap.Keep(path)} and analysed them", 36).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.One.EqualTo(path), "the path on a line of its own, with a plain space");
            Assert.That(lines.Where(l => l != path).Max(CellWidth.Of), Is.LessThanOrEqualTo(36));
            Assert.That(string.Concat(lines), Does.Not.Contain("\u00A0"));
        });
    }

    [Test]
    public void A_word_wider_than_the_line_is_printed_whole_on_its_own()
    {
        var lines = Wrap.Prose("Run 019b8b6e-99c0-79b8-90d1-1da31f66ecdf ended", 20).ToList();
        Assert.That(lines, Is.EqualTo(new[] { "Run", "019b8b6e-99c0-79b8-90d1-1da31f66ecdf", "ended" }));
    }

    [Test]
    public void Chinese_text_breaks_between_characters_as_it_has_no_spaces()
    {
        var lines = Wrap.Prose("策略的一个很长的名字", 8).ToList();
        Assert.That(lines, Is.EqualTo(new[] { "策略的一", "个很长的", "名字" }));
    }

    [Test]
    public void A_label_whose_value_cannot_fit_beside_it_puts_the_value_under_it()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Wrap.Indented("Run              ", "019b8b6e-99c0-79b8-90d1-1da31f66ecdf", 40).ToList(),
                Is.EqualTo(new[] { "Run", "  019b8b6e-99c0-79b8-90d1-1da31f66ecdf" }));
            Assert.That(Wrap.Indented("Time (UTC)  ", "2026-01-04 23:54 → 2026-04-01 00:00", 30).ToList(),
                Is.EqualTo(new[] { "Time (UTC)  2026-01-04 23:54 →", "            2026-04-01 00:00" }));
        });
    }

    [Test]
    public void Cut_keeps_whole_words_and_says_so_with_an_ellipsis()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Wrap.Cut("Demo MA Crossover BTCUSDT", 19), Is.EqualTo("Demo MA Crossover…"));
            Assert.That(Wrap.Cut("demo-sweep", 8), Is.Null, "a single word cannot be cut");
            Assert.That(Wrap.Narrowest("demo-sweep"), Is.EqualTo(10));
            Assert.That(Wrap.Narrowest("Demo MA Crossover"), Is.EqualTo(5));
        });
    }
}
