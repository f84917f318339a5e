using System.Text.RegularExpressions;
using System.Xml.Linq;
using NUnit.Framework;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Dependencies;

/// <summary>
/// The records a command prints live in Recorder.ReadModels, which knows nothing of the web (docs/architecture.md,
/// "Projects and how they depend on each other"): the command line reads and prints without the server, and references
/// it only to start `recorder serve`.
/// </summary>
public sealed partial class ReadModelsDependencyTests
{
    // The CLI's files (or folders, ending in '/') that may use the server, relative to Recorder.Cli.
    private static readonly string[] MayUseTheServer =
    [
        "Commands/ServeCommand.cs", // `recorder serve` starts it
    ];

    [Test]
    public void Read_models_reference_neither_ASP_NET_nor_the_server_nor_the_CLI()
    {
        var project = XDocument.Load(Path.Combine(Repository.Root, "Recorder.ReadModels", "Recorder.ReadModels.csproj"));

        Assert.That(Items(project, "FrameworkReference"), Is.Empty, "no shared framework (Microsoft.AspNetCore.App)");
        Assert.That(Items(project, "PackageReference"), Has.None.StartsWith("Microsoft.AspNetCore").IgnoreCase);
        Assert.That(Items(project, "ProjectReference").Select(p => Path.GetFileNameWithoutExtension(p.Replace('\\', '/'))),
            Has.None.EqualTo("Recorder.Server").And.None.EqualTo("Recorder.Cli"));
        Assert.That(typeof(ContractJson).Assembly.GetReferencedAssemblies().Select(a => a.Name),
            Has.None.StartsWith("Microsoft.AspNetCore").And.None.EqualTo("Recorder.Server"), "as built");
    }

    [Test]
    public void The_page_the_report_inlines_references_neither_ASP_NET_nor_the_server()
    {
        var project = XDocument.Load(Path.Combine(Repository.Root, "Recorder.Page", "Recorder.Page.csproj"));
        Assert.That(Items(project, "FrameworkReference"), Is.Empty, "no shared framework (Microsoft.AspNetCore.App)");
        Assert.That(Items(project, "ProjectReference").Select(p => Path.GetFileNameWithoutExtension(p.Replace('\\', '/'))),
            Has.None.EqualTo("Recorder.Server").And.None.EqualTo("Recorder.Cli"));
        Assert.That(typeof(QuantowerRecorder.Page.PageAssets).Assembly.GetReferencedAssemblies().Select(a => a.Name),
            Has.None.StartsWith("Microsoft.AspNetCore").And.None.EqualTo("Recorder.Server"), "as built");
    }

    [Test]
    public void No_CLI_file_but_serve_uses_the_server()
    {
        var cli = Path.Combine(Repository.Root, "Recorder.Cli");
        var offending = CliSources(cli)
            .Where(file => !MayUseTheServer.Any(allowed => allowed.EndsWith('/') ? file.StartsWith(allowed, StringComparison.Ordinal) : file == allowed))
            .Where(file => UsesTheServer(File.ReadAllText(Path.Combine(cli, file))));

        Assert.That(offending, Is.Empty, "import QuantowerRecorder.ReadModels (or Storage's read API) instead");
    }

    [Test]
    public void The_check_finds_a_using_and_a_qualified_name_of_the_server()
    {
        Assert.That(UsesTheServer("using QuantowerRecorder.Server.Page;\n"), Is.True);
        Assert.That(UsesTheServer("using Page = global::QuantowerRecorder.Server.Page;\n"), Is.True);
        Assert.That(UsesTheServer("var j = Server.Page.ReportAssets.SurfaceScript;\n"), Is.True, "from inside QuantowerRecorder.Cli");
        Assert.That(UsesTheServer("using QuantowerRecorder.ReadModels;\nvar o = new ServerOptions();\n"), Is.False);
    }

    // Storage's SQL (Queries.Sql) and Dapper are there for the stores (docs/decisions.md, 23); the readers above Storage ask
    // its read API (IRecorderReader) and never run SQL of their own on a file (docs/architecture.md, layers point one way).
    [TestCase("Recorder.Cli")]
    [TestCase("Recorder.Server")]
    [TestCase("Recorder.ReadModels")]
    [TestCase("Recorder.Page")]
    public void Readers_above_storage_run_no_sql_of_their_own(string project)
    {
        var folder = Path.Combine(Repository.Root, project);
        var offending = CliSources(folder).Where(file => RunsSql(File.ReadAllText(Path.Combine(folder, file))));

        Assert.That(offending, Is.Empty, "ask Storage's read API (IRecorderReader) instead of running SQL (Storage.Queries.Sql, Dapper)");
    }

    [Test]
    public void The_check_finds_the_sql_helper_imported_or_written_out()
    {
        Assert.That(RunsSql("using QuantowerRecorder.Storage.Queries.Sql;\n"), Is.True);
        Assert.That(RunsSql("var n = Storage.Queries.Sql.Rows.Scalar(c, \"SELECT 1\");\n"), Is.True);
        Assert.That(RunsSql("using Dapper;\n"), Is.True);
        Assert.That(RunsSql("var n = Dapper.SqlMapper.ExecuteScalar(c, \"SELECT 1\");\n"), Is.True);
        Assert.That(RunsSql("using QuantowerRecorder.Storage.Queries;\nvar runs = reader.Runs.List();\n"), Is.False);
    }

    private static bool RunsSql(string source) => SqlHelper().IsMatch(source);

    [GeneratedRegex(@"\bQueries\.Sql\b|\busing Dapper;|\bDapper\.")]
    private static partial Regex SqlHelper();

    // A namespace of the server, imported or written out; from inside QuantowerRecorder.Cli "Server.Page.X" is one too.
    private static bool UsesTheServer(string source) => ServerName().IsMatch(source);

    // A project's own sources, relative to its folder (its build output left out).
    private static IEnumerable<string> CliSources(string cli) =>
        Directory.EnumerateFiles(cli, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(cli, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal));

    private static IEnumerable<string> Items(XDocument project, string item) =>
        project.Descendants(item).Select(e => (string?)e.Attribute("Include") ?? "");

    [GeneratedRegex(@"\bQuantowerRecorder\.Server\b|(?<![\w.])Server\.[A-Z]\w*\.")]
    private static partial Regex ServerName();
}
