using QuantowerRecorder.Cli;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>Runs the `recorder` entry point in-process, as a user would type it, with captured output.</summary>
internal static class Cli
{
    public static CliRun Run(string folder, params string[] args) => Run(folder, env => env, args);

    public static CliRun Run(string folder, Func<CliEnvironment, CliEnvironment> configure, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = configure(new CliEnvironment
        {
            Out = output, Error = error, CurrentDirectory = folder, LockWait = TimeSpan.FromMilliseconds(500),
            // Never the real Documents folder of the machine running the tests.
            PluginDatabase = Path.Combine(folder, "documents", "QuantowerRecorder", "quantower-runs.db"),
        });
        var code = CliApp.Run(args, env);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
