using System.Reflection;
using System.Runtime.Loader;
using NUnit.Framework;
using QuantowerRecorder.Tests.Plugin.Support;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.Plugin;

/// <summary>
/// The built plugin folder, copied elsewhere as a trader would deploy it, loaded by a collectible custom
/// AssemblyLoadContext the way a plugin host does: managed dependencies resolved from the folder, the platform's
/// TradingPlatform.BusinessLayer shared with the host, and no help for native libraries (LoadUnmanagedDll is not
/// overridden, the usual gap of plugin hosts).
/// </summary>
[TestFixture]
public sealed class NativeLoadTests : PluginTestBase
{
    [Test]
    public void The_plugin_folder_loaded_by_a_custom_load_context_opens_a_database_with_its_own_e_sqlite3()
    {
        var deployed = Db.Sibling("strategies/Recorder.Plugin");
        CopyFolder(PluginBuildFolder(), deployed);
        var context = new PluginLoadContext(Path.Combine(deployed, "Recorder.Plugin.dll"));
        try
        {
            var plugin = context.LoadFromAssemblyPath(Path.Combine(deployed, "Recorder.Plugin.dll"));
            var strategy = Track(StandInStrategies.Create(new AuthorStrategy()));
            strategy.Settings = [StandInSettings.Item("Account", Account), StandInSettings.Item("Symbol", Symbol)];
            var recorder = StartRecorder(plugin, strategy, Db.Path);

            Broker.Fill(Place(Request(Side.Buy)), 100.25);
            recorder.Dispose();

            // The plugin in its own load context has its own list of closes under way: wait on that one.
            var closes = plugin.GetType("QuantowerRecorder.Plugin.Recording.BackgroundCloses", throwOnError: true)!
                .GetMethod("WaitAll", BindingFlags.Static | BindingFlags.Public)!;
            Assert.That(closes.Invoke(null, [TimeSpan.FromSeconds(60)]), Is.True, "the run's handle closed");

            var loadedFrom = (string?)plugin.GetType("QuantowerRecorder.Plugin.Native.NativeSqlite", throwOnError: true)!
                .GetProperty("LoadedFrom", BindingFlags.Static | BindingFlags.NonPublic)!.GetValue(null);
            Assert.That(loadedFrom, Does.StartWith(deployed), "e_sqlite3 comes from the plugin's own folder");
            Assert.That(context.Assemblies.Select(a => a.GetName().Name), Is.SupersetOf(new[] { "Recorder.Plugin", "Recorder.Storage", "SQLitePCLRaw.provider.e_sqlite3" }));
            Assert.That(context.Assemblies.Select(a => a.GetName().Name), Has.None.EqualTo("TradingPlatform.BusinessLayer"), "the host's API is shared, not loaded twice");
        }
        finally
        {
            context.Unload();
        }

        Assert.That(Scalar<string>("SELECT status FROM strategy_runs"), Is.EqualTo("COMPLETED"));
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM executions"), Is.EqualTo(1));
    }

    private static IDisposable StartRecorder(Assembly plugin, Strategy strategy, string databasePath)
    {
        var recorderType = plugin.GetType("QuantowerRecorder.Plugin.RunRecorder", throwOnError: true)!;
        var optionsType = plugin.GetType("QuantowerRecorder.Plugin.RunRecorderOptions", throwOnError: true)!;
        var options = Activator.CreateInstance(optionsType)!;
        optionsType.GetProperty("DatabasePath")!.SetValue(options, databasePath);
        var start = recorderType.GetMethod("Start", BindingFlags.Public | BindingFlags.Static)!;
        return (IDisposable)start.Invoke(null, [strategy, null, options])!;
    }

    private static string PluginBuildFolder()
    {
        // bin/<Configuration>/net10.0 of the tests → the plugin's bin/<Configuration>/net8.0 in the same repository.
        var testFolder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        var configuration = testFolder.Parent!.Name;
        var root = testFolder;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "QuantowerRecorder.sln")))
        {
            root = root.Parent;
        }

        Assert.That(root, Is.Not.Null, "the repository root is above the test folder");
        var folder = Path.Combine(root!.FullName, "Recorder.Plugin", "bin", configuration, "net8.0");
        Assert.That(File.Exists(Path.Combine(folder, "Recorder.Plugin.dll")), Is.True, "the plugin is built before the tests: " + folder);
        return folder;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private sealed class PluginLoadContext(string pluginPath) : AssemblyLoadContext("Recorder.Plugin test host", isCollectible: true)
    {
        private readonly AssemblyDependencyResolver resolver = new(pluginPath);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (string.Equals(assemblyName.Name, "TradingPlatform.BusinessLayer", StringComparison.Ordinal))
            {
                // The host's own API: shared from the default context, as Quantower shares it with its plugins.
                return null;
            }

            var path = resolver.ResolveAssemblyToPath(assemblyName);
            return path is null ? null : LoadFromAssemblyPath(path);
        }
    }
}
