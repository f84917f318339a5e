using NUnit.Framework;
using QuantowerRecorder.Cli.Tables;

namespace QuantowerRecorder.Tests.Cli;

public sealed class TextTableTests
{
    [Test]
    public void Columns_go_lowest_drop_order_first_and_never_the_ones_without_one()
    {
        var table = Sample();
        var (lines, hidden) = table.Render(new TableLayout(22, Wide: false, Boxed: false, Unicode: false));
        Assert.Multiple(() =>
        {
            Assert.That(hidden, Is.EqualTo(new[] { "Notes", "Count" }));
            Assert.That(lines[0], Does.StartWith("Id").And.Contain("Amount"));
            Assert.That(lines.Max(l => l.Length), Is.LessThanOrEqualTo(22));
        });
    }

    [Test]
    public void Free_text_is_cut_with_an_ellipsis_but_ids_and_numbers_stay_whole()
    {
        var table = new TextTable(new TextColumn("Id"), new TextColumn("Name", Shrinks: true), new TextColumn("Amount", true));
        table.Add("019b8b6e", "A very long instance name indeed", "-12,345.67");
        var (lines, _) = table.Render(new TableLayout(32, Wide: false, Boxed: false, Unicode: false));
        Assert.Multiple(() =>
        {
            Assert.That(lines[1], Does.StartWith("019b8b6e  A very").And.Contain("…").And.EndWith("-12,345.67"));
            Assert.That(lines.Max(l => l.Length), Is.LessThanOrEqualTo(32));
        });
    }

    [Test]
    public void Boxed_tables_count_their_borders_and_fall_back_to_ascii()
    {
        var (unicode, _) = Sample().Render(new TableLayout(40, Wide: false, Boxed: true, Unicode: true));
        var (ascii, _) = Sample().Render(new TableLayout(40, Wide: false, Boxed: true, Unicode: false));
        Assert.Multiple(() =>
        {
            Assert.That(unicode[0], Does.StartWith("╭"));
            Assert.That(ascii[0], Does.StartWith("+"));
            Assert.That(ascii.Concat(unicode).Max(l => l.Length), Is.LessThanOrEqualTo(40));
        });
    }

    [Test]
    public void Wide_keeps_every_column()
    {
        var (lines, hidden) = Sample().Render(new TableLayout(20, Wide: true, Boxed: false, Unicode: false));
        Assert.That(hidden, Is.Empty);
        Assert.That(lines[0], Does.Contain("Notes").And.Contain("Count"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Wide_characters_and_emoji_take_two_cells_and_keep_the_columns_aligned(bool boxed)
    {
        var table = new TextTable(new TextColumn("Strategy"), new TextColumn("Amount", true));
        table.Add("均线交叉", "1.00");
        table.Add("🚀 Rocket", "22.00");
        table.Add("Cafe\u0301", "333.00");
        var (lines, _) = table.Render(new TableLayout(null, Wide: true, Boxed: boxed, Unicode: true));
        Assert.Multiple(() =>
        {
            Assert.That(CellWidth.Of("均线交叉"), Is.EqualTo(8));
            Assert.That(CellWidth.Of("🚀"), Is.EqualTo(2));
            Assert.That(CellWidth.Of("Cafe\u0301"), Is.EqualTo(4), "a combining accent takes no cell");
            // Every line ends in the same terminal column, so the right-aligned amounts line up.
            Assert.That(lines.Skip(boxed ? 0 : 1).Select(CellWidth.Of).Distinct().ToList(), Has.Count.EqualTo(1), string.Join("\n", lines));
            Assert.That(lines.Where(l => l.Contains("22.00", StringComparison.Ordinal)).Select(l => CellWidth.Of(l[..l.IndexOf("22.00", StringComparison.Ordinal)])),
                Is.EqualTo(lines.Where(l => l.Contains("333.00", StringComparison.Ordinal)).Select(l => CellWidth.Of(l[..l.IndexOf("333.00", StringComparison.Ordinal)]) + 1)));
        });
    }

    [Test]
    public void Wide_text_is_cut_by_cells_and_the_line_still_fits()
    {
        var table = new TextTable(new TextColumn("Id"), new TextColumn("Name", Shrinks: true), new TextColumn("Amount", true));
        table.Add("019b8b6e", "移动平均线交叉策略的一个很长的名字", "-12,345.67");
        var (lines, _) = table.Render(new TableLayout(32, Wide: false, Boxed: false, Unicode: false));
        Assert.Multiple(() =>
        {
            Assert.That(lines.Max(CellWidth.Of), Is.EqualTo(32), string.Join("\n", lines));
            Assert.That(lines[1], Does.StartWith("019b8b6e  移动").And.Contain("…").And.EndWith("-12,345.67"));
        });
    }

    [Test]
    public void Free_text_is_cut_between_words_and_a_single_word_never()
    {
        // The study the demo's hint names: cut to "demo-sw…" it could not be typed.
        var table = new TextTable(new TextColumn("Study"), new TextColumn("Name", Shrinks: true), new TextColumn("Best pass"));
        table.Add("c1a9237e", "demo-sweep", "019b8b6c");
        table.Add("641941ea", "Demo MA Crossover BTCUSDT 1H 2026-01-04", "019b8b70");
        var (lines, _) = table.Render(new TableLayout(40, Wide: false, Boxed: false, Unicode: false));
        Assert.Multiple(() =>
        {
            Assert.That(lines.Max(CellWidth.Of), Is.LessThanOrEqualTo(40), string.Join("\n", lines));
            Assert.That(lines[1], Does.Contain("  demo-sweep  "), "one word is kept whole");
            Assert.That(lines[2], Does.Contain("  Demo MA Crossover…  "), "several are cut after a whole word");
        });
    }

    [Test]
    public void A_table_too_wide_for_its_box_is_drawn_without_it()
    {
        // Boxed: 8 + 12 + 10 + 3 × 3 + 1 = 40 cells; plain: 8 + 12 + 10 + 2 × 2 = 34.
        var table = new TextTable(new TextColumn("Run"), new TextColumn("Instance"), new TextColumn("Net PnL", true));
        table.Add("019b8b6e", "Medium 10/30", "-10,780.01");
        var (lines, hidden) = table.Render(new TableLayout(36, Wide: false, Boxed: true, Unicode: true));
        Assert.Multiple(() =>
        {
            Assert.That(hidden, Is.Empty);
            Assert.That(lines, Is.EqualTo(new[] { "Run       Instance         Net PnL", "019b8b6e  Medium 10/30  -10,780.01" }));
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public void A_table_too_wide_even_without_its_box_becomes_records_with_nothing_cut(bool boxed)
    {
        var table = new TextTable(new TextColumn("Run"), new TextColumn("Instance"), new TextColumn("Orders", true, DropOrder: 1),
            new TextColumn("Net PnL", true));
        table.Add("019b8b6e-99c0-79b8-90d1-1da31f66ecdf", "Medium 10/30", "295", "-10,780.01");
        table.Add("019d4651-81c0-79c1-992e-139b1ee211a7", "Fast 5/20", "12", "1.00");
        var (lines, hidden) = table.Render(new TableLayout(48, Wide: false, Boxed: boxed, Unicode: true));
        var between = boxed ? new string('─', 46) : "";
        Assert.Multiple(() =>
        {
            Assert.That(hidden, Is.EqualTo(new[] { "Orders" }), "columns are still left out in their order first");
            Assert.That(lines, Is.EqualTo(new[]
            {
                "Run       019b8b6e-99c0-79b8-90d1-1da31f66ecdf", "Instance  Medium 10/30", "Net PnL   -10,780.01", between,
                "Run       019d4651-81c0-79c1-992e-139b1ee211a7", "Instance  Fast 5/20", "Net PnL   1.00",
            }));
        });
    }

    [Test]
    public void A_records_value_too_long_for_its_line_wraps_between_words_under_itself()
    {
        var table = new TextTable(new TextColumn("Instance"), new TextColumn("Parameters"));
        table.Add("Slow 20/60", "Fast period=20 Slow period=60 Symbol=ESM6");
        var (lines, _) = table.Render(new TableLayout(30, Wide: false, Boxed: false, Unicode: false));
        Assert.That(lines, Is.EqualTo(new[] { "Instance    Slow 20/60", "Parameters  Fast period=20", "            Slow period=60", "            Symbol=ESM6" }));
    }

    private static TextTable Sample()
    {
        var table = new TextTable(
            new TextColumn("Id"), new TextColumn("Notes", DropOrder: 1), new TextColumn("Count", true, 2), new TextColumn("Amount", true));
        table.Add("019b8b6e", "something to say here", "1,234", "-7,622.22");
        table.Add("019d4651", "", "5", "11,224.08");
        return table;
    }
}
