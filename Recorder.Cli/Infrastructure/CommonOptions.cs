using System.CommandLine;
using QuantowerRecorder.Storage;

namespace QuantowerRecorder.Cli.Infrastructure;

/// <summary>Options shared by every command.</summary>
internal static class CommonOptions
{
    /// <summary>The file name used when neither --db nor RECORDER_DB says otherwise (in the current folder).</summary>
    public const string DefaultFileName = "recorder.db";

    // "..." rather than "…" in help texts: "…" is of East Asian ambiguous width, two cells on some terminals, where it
    // pushed this description's line to 81 columns at 80 (HelpWidthTests).
    public static Option<string?> Database() => new("--db")
    {
        Description = $"The recorder database file (default: $RECORDER_DB, else ./{DefaultFileName}, else the plugin's {DefaultDatabase.FileName} in Documents{Path.DirectorySeparatorChar}{DefaultDatabase.FolderName}); for commands that read, also a PostgreSQL team database (postgresql://user@host/db or Host=...;Database=..., or a file holding one).",
        HelpName = "file",
        Recursive = true,
    };

    public static Option<bool> Wide() => new("--wide")
    {
        Description = "Every column, at full width, whatever the terminal's width.",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write machine-readable JSON to standard output instead of tables.",
    };
}
