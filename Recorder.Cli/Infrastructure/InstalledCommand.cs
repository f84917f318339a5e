namespace QuantowerRecorder.Cli.Infrastructure;

/// <summary>
/// Whether `recorder` can be typed as it is (installed as a .NET tool, on PATH), and otherwise where the clone is that
/// the running program was built in, whose README installs it. A fresh clone runs `dotnet run --project Recorder.Cli
/// -- demo`, and its hints would meet "recorder: command not found".
/// </summary>
internal static class InstalledCommand
{
    public const string Name = "recorder";

    private const UnixFileMode Executable = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>True when a folder of <paramref name="searchPath"/> holds a `recorder` the shell would run.</summary>
    public static bool OnPath(string? searchPath)
    {
        string[] names = OperatingSystem.IsWindows() ? [Name + ".exe", Name + ".cmd", Name + ".bat"] : [Name];
        foreach (var folder in (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (var name in names)
            {
                var file = Path.Combine(folder, name);
                if (File.Exists(file) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & Executable) != 0))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The clone's root: the nearest folder at or above <paramref name="programFolder"/> holding Recorder.Cli/Recorder.Cli.csproj.</summary>
    public static string? Clone(string programFolder)
    {
        for (var folder = new DirectoryInfo(programFolder); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Recorder.Cli", "Recorder.Cli.csproj")))
            {
                return folder.FullName;
            }
        }

        return null;
    }

    /// <summary>How to start this very program where `recorder` is not installed: its apphost, else `dotnet recorder.dll`.</summary>
    public static string[] ThisProgram(string programFolder)
    {
        var apphost = Path.Combine(programFolder, OperatingSystem.IsWindows() ? Name + ".exe" : Name);
        return File.Exists(apphost) ? [apphost] : ["dotnet", Path.Combine(programFolder, Name + ".dll")];
    }
}
