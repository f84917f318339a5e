using System.Text.RegularExpressions;
using Dapper;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// The README's first steps as a newcomer takes them: the line that puts the tools folder on PATH where a new terminal
/// does not, and the "Where to start" queries, each run on the demo as written (with a run id in place of &lt;run id&gt;).
/// </summary>
[TestFixture]
public sealed class ReadmeStartTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md")).ReplaceLineEndings("\n");

    [Test]
    public void The_install_step_gives_the_export_PATH_line_for_a_system_wide_SDK()
    {
        var install = Readme[Readme.IndexOf("### Install the `recorder` command", StringComparison.Ordinal)..];
        Assert.That(install, Does.Contain("export PATH=\"$PATH:$HOME/.dotnet/tools\"").And.Contain("/usr/share/dotnet"));
    }

    [Test]
    public void Each_where_to_start_query_names_its_table_and_returns_rows_on_the_demo()
    {
        using var db = DemoFiles.Create();
        var start = Readme.IndexOf("### Where to start", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), "the README has the section");
        var block = Regex.Match(Readme[start..], "```sql\n(?<sql>.*?)```", RegexOptions.Singleline).Groups["sql"].Value;
        var statements = block.Split(';').Select(s => string.Join("\n", s.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim())
            .Where(s => s.Length > 0).ToList();
        Assert.That(statements, Has.Count.EqualTo(6), "runs, trades, bars, equity, studies, the raw log");

        var paper = Db.Scalar<string>(db.Path, "SELECT run_id FROM v_runs WHERE instance_name = 'Slow 20/60' AND run_type = 'PAPER'");
        using var connection = Db.Read(db.Path);
        var objects = connection.Query<string>("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')").ToHashSet(StringComparer.Ordinal);
        var ran = 0;
        foreach (var sql in statements)
        {
            var from = Regex.Matches(sql, @"\b(?:FROM|JOIN)\s+(\w+)").Select(m => m.Groups[1].Value).ToList();
            Assert.That(from.Where(name => !objects.Contains(name)), Is.Empty, "every table or view it reads is in the file: " + sql);
            var rows = connection.Query(sql.Replace("<run id>", paper, StringComparison.Ordinal)).ToList();
            Assert.That(rows, Is.Not.Empty, sql);
            ran++;
        }

        Assert.That(ran, Is.EqualTo(statements.Count));
    }
}
