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

    // A namespace of the server, imported or written out; from inside QuantowerRecorder.Cli "Server.Page.X" is one too.
    private static bool UsesTheServer(string source) => ServerName().IsMatch(source);

    private static IEnumerable<string> CliSources(string cli) =>
        Directory.EnumerateFiles(cli, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(cli, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal));

    private static IEnumerable<string> Items(XDocument project, string item) =>
        project.Descendants(item).Select(e => (string?)e.Attribute("Include") ?? "");

    [GeneratedRegex(@"\bQuantowerRecorder\.Server\b|(?<![\w.])Server\.[A-Z]\w*\.")]
    private static partial Regex ServerName();
}
