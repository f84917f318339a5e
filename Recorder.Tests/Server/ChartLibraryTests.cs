using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Page;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>
/// The page's chart library is lightweight-charts exactly as npm distributes the version web/package-lock.json locks:
/// the standalone file unedited, its LICENSE, its version. Compared with web/node_modules when `npm ci` ran there
/// (.ci/run does), else with the package's tarball fetched from the lockfile's `resolved` URL and checked against
/// its `integrity`.
/// </summary>
[TestFixture]
public sealed class ChartLibraryTests
{
    private const string Package = "lightweight-charts";
    private const string StandaloneFile = "dist/lightweight-charts.standalone.production.js";

    private static string Shipped(string file) => Path.Combine(Repository.Root, "Recorder.Page", "wwwroot", "vendor", Package, file);

    [Test]
    public async Task The_shipped_file_is_the_locked_npm_package_file_unedited_with_its_license_and_version()
    {
        var locked = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "web", "package-lock.json")))!["packages"]!["node_modules/" + Package]!;
        var version = (string)locked["version"]!;
        var package = await PackageFiles(locked);

        Assert.That(File.ReadAllText(Shipped("VERSION")).Trim(), Is.EqualTo(version));
        Assert.That(File.ReadAllBytes(Shipped("lightweight-charts.standalone.production.js")), Is.EqualTo(package[StandaloneFile]), "the standalone file, byte for byte");
        Assert.That(File.ReadAllBytes(Shipped("LICENSE")), Is.EqualTo(package["LICENSE"]));
        Assert.That(File.ReadAllText(Shipped("lightweight-charts.standalone.production.js")), Does.Contain("Lightweight Charts™ v" + version));
    }

    [Test]
    public void The_assembly_serves_the_same_bytes_as_the_repository_holds()
    {
        using var embedded = PageAssets.Open(PageAssets.ChartLibraryFile);
        Assert.That(embedded, Is.Not.Null);
        using var copy = new MemoryStream();
        embedded!.CopyTo(copy);
        Assert.That(copy.ToArray(), Is.EqualTo(File.ReadAllBytes(Shipped("lightweight-charts.standalone.production.js"))));
    }

    private static async Task<Dictionary<string, byte[]>> PackageFiles(JsonNode locked)
    {
        var installed = Path.Combine(Repository.Root, "web", "node_modules", Package);
        if (File.Exists(Path.Combine(installed, "package.json")))
        {
            var installedVersion = (string)JsonNode.Parse(File.ReadAllText(Path.Combine(installed, "package.json")))!["version"]!;
            Assert.That(installedVersion, Is.EqualTo((string)locked["version"]!), "web/node_modules holds the locked version (npm ci in web/)");
            return new Dictionary<string, byte[]>
            {
                [StandaloneFile] = File.ReadAllBytes(Path.Combine(installed, StandaloneFile)),
                ["LICENSE"] = File.ReadAllBytes(Path.Combine(installed, "LICENSE")),
            };
        }

        var resolved = (string)locked["resolved"]!;
        var integrity = (string)locked["integrity"]!;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var tarball = await http.GetByteArrayAsync(new Uri(resolved));
        Assert.That(integrity, Does.StartWith("sha512-"));
        Assert.That("sha512-" + Convert.ToBase64String(SHA512.HashData(tarball)), Is.EqualTo(integrity), "the tarball is the one the lockfile names");

        var files = new Dictionary<string, byte[]>();
        using var gzip = new GZipStream(new MemoryStream(tarball), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            // npm tarballs hold the package under "package/".
            var name = entry.Name.StartsWith("package/", StringComparison.Ordinal) ? entry.Name["package/".Length..] : entry.Name;
            if (name is StandaloneFile or "LICENSE" && entry.DataStream is not null)
            {
                using var data = new MemoryStream();
                entry.DataStream.CopyTo(data);
                files[name] = data.ToArray();
            }
        }

        return files;
    }
}
