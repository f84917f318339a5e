using QuantowerRecorder.Tests.Plugin.Hosting;

namespace QuantowerRecorder.Tests.Deploy;

/// <summary>
/// A trader's first deploy, made once per test run and shared: build.ps1 -Deploy -SkipTests from one copy of the
/// repository into a Quantower-like folder (<see cref="Trader"/>: the default win-x64 publish), and, on a machine that
/// is not win-x64, once more with -Runtime for this machine (<see cref="Loadable"/>), so that the Quantower-like host
/// can load what was deployed. The cold build happens once; later runs in the same copy (<see cref="Run"/>, always with
/// -SkipTests) only republish, one at a time, because they share its obj and artifacts folders. Tests copy a deployment
/// to change it.
/// </summary>
internal static class DeployedOnce
{
    private static readonly object Gate = new();
    private static readonly Lazy<Checkout> SharedCheckout = new(Checkout.Copy);
    private static readonly Lazy<Deployment> TraderDeploy = new(() => Deploy([]));
    private static readonly Lazy<Deployment> LoadableDeploy = new(() =>
        QuantowerInstall.RuntimeId == "win-x64" ? TraderDeploy.Value : Deploy(["-Runtime", QuantowerInstall.RuntimeId]));

    /// <summary>What a trader's PC gets: the plugin published for win-x64.</summary>
    public static Deployment Trader => TraderDeploy.Value;

    /// <summary>The same deploy for this machine's platform (the trader's own on win-x64), whose native SQLite loads here.</summary>
    public static Deployment Loadable => LoadableDeploy.Value;

    /// <summary>The shared copy of the repository the deployments were built in.</summary>
    public static string CheckoutRoot => SharedCheckout.Value.Root;

    /// <summary>
    /// Runs build.ps1 in the shared copy with no other run under way: the run, and the plugin it published
    /// (artifacts/plugin) before the next run replaces it.
    /// </summary>
    public static (ScriptRun Run, FolderFiles Published) Run(IEnumerable<string> arguments)
    {
        lock (Gate)
        {
            var run = SharedCheckout.Value.Build(arguments);
            return (run, FolderFiles.Of(Path.Combine(CheckoutRoot, "artifacts", "plugin")));
        }
    }

    /// <summary>Runs <paramref name="action"/> with no build.ps1 run under way (to use what the last run built).</summary>
    public static T Exclusive<T>(Func<T> action)
    {
        lock (Gate)
        {
            return action();
        }
    }

    /// <inheritdoc cref="Exclusive{T}(Func{T})"/>
    public static void Exclusive(Action action) => Exclusive(() =>
    {
        action();
        return true;
    });

    /// <summary>Removes the shared folders (at the end of the run).</summary>
    public static void Delete()
    {
        foreach (var deployment in new[] { TraderDeploy, LoadableDeploy }.Where(d => d.IsValueCreated))
        {
            deployment.Value.Install.Dispose();
        }

        if (SharedCheckout.IsValueCreated)
        {
            SharedCheckout.Value.Dispose();
        }
    }

    private static Deployment Deploy(string[] extra)
    {
        var install = QuantowerInstall.WithoutRecorder(TempFolders.New("quantower"));
        var before = FolderFiles.Of(install.Root);
        var (run, published) = Run(["-QuantowerBin", install.Bin, "-Deploy", "-SkipTests", .. extra]);
        if (run.ExitCode != 0)
        {
            install.Dispose();
            // Every test that shares this deployment fails with the run's own output.
            throw new InvalidOperationException("build.ps1 -Deploy failed:\n" + run);
        }

        return new Deployment(install, before, run, published);
    }
}
