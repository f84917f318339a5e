namespace QuantowerRecorder.Cli.Tables;

/// <summary>
/// One column of a <see cref="TextTable"/>. <paramref name="DropOrder"/> 0 means the column is always shown; otherwise
/// columns go, lowest number first, until the table fits (the order each command documents in docs/cli.md).
/// <paramref name="Shrinks"/> marks free text that may be cut between words with "…" as a last resort; ids, numbers and
/// names a user types (an instance's, a study's) never are.
/// </summary>
internal sealed record TextColumn(string Header, bool RightAligned = false, int DropOrder = 0, string? ShortHeader = null, bool Shrinks = false);
