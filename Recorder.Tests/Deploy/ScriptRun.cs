using System.Text.RegularExpressions;
using NUnit.Framework;

namespace QuantowerRecorder.Tests.Deploy;

/// <summary>What one run of a PowerShell script did: its exit code and what it wrote to each stream.</summary>
internal sealed partial record ScriptRun(int ExitCode, string Output, string Error)
{
    /// <summary>
    /// The message of the error the script stopped with. PowerShell 7 shows the failing line of the script, underlined
    /// with '~', and below it the message, wrapped at the console's width on lines that start with '|'.
    /// </summary>
    public string ErrorMessage
    {
        get
        {
            var lines = Error.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            var underline = lines.FindIndex(l => Underline().IsMatch(l));
            return underline < 0
                ? Error
                : string.Join('\n', lines.Skip(underline + 1).TakeWhile(l => Continued().IsMatch(l)).Select(l => Continued().Replace(l, string.Empty)));
        }
    }

    /// <summary>The rest of the line the script printed after <paramref name="label"/> ("The recorder command:").</summary>
    public string Printed(string label)
    {
        var line = Output.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(label, StringComparison.Ordinal));
        return line?[label.Length..].Trim() ?? throw new AssertionException($"the script printed no line '{label}':\n{this}");
    }

    /// <summary>
    /// Whether <see cref="ErrorMessage"/> says <paramref name="text"/>: compared without whitespace, since the message
    /// is wrapped at the console's width, at a space or within a long word.
    /// </summary>
    public bool Says(string text) => Whitespace().Replace(ErrorMessage, string.Empty).Contains(Whitespace().Replace(text, string.Empty), StringComparison.Ordinal);

    public override string ToString() => $"exit code {ExitCode}\n{Output}\n{Error}";

    [GeneratedRegex(@"^\s*\|\s*~+\s*$")]
    private static partial Regex Underline();

    [GeneratedRegex(@"^\s*\| ?")]
    private static partial Regex Continued();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
