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

    private static TextTable Sample()
    {
        var table = new TextTable(
            new TextColumn("Id"), new TextColumn("Notes", DropOrder: 1), new TextColumn("Count", true, 2), new TextColumn("Amount", true));
        table.Add("019b8b6e", "something to say here", "1,234", "-7,622.22");
        table.Add("019d4651", "", "5", "11,224.08");
        return table;
    }
}
