using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

[TestFixture]
public sealed class SqliteVersionTests
{
    [Test]
    public void The_recorder_runs_on_the_SQLite_the_README_names()
    {
        using var db = new TempDatabase();
        Recorded.Write(db.Path, new Scenario().Start());
        using var connection = new SqliteConnection($"Data Source={db.Path};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        var version = (string)command.ExecuteScalar()!;

        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        Assert.That(readme, Does.Contain($"SQLite {version}"), "README's Versions section names the SQLite in use");
        Assert.That(Version.Parse(version), Is.GreaterThanOrEqualTo(new Version(3, 50, 4)));
    }
}
