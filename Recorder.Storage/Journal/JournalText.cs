using System.Globalization;

namespace QuantowerRecorder.Storage.Journal;

/// <summary>
/// The journal's stored text (the CHECK lists of journal_entries, spelled out so renaming a member cannot change a
/// file) and what a note, a tag and an author may be: a refusal says why, in words a user can act on.
/// </summary>
internal static class JournalText
{
    public const int MaxNote = 4000;
    public const int MaxTag = 40;
    public const int MaxAuthor = 100;

    public static string Of(JournalSubjectType type) => type == JournalSubjectType.Study ? "STUDY" : "RUN";

    public static string Of(JournalKind kind) => kind switch
    {
        JournalKind.Note => "NOTE",
        JournalKind.Tag => "TAG",
        JournalKind.Untag => "UNTAG",
        JournalKind.Pin => "PIN",
        _ => "UNPIN",
    };

    public static JournalSubjectType SubjectType(string text) => text == "STUDY" ? JournalSubjectType.Study : JournalSubjectType.Run;

    public static JournalKind Kind(string text) => text switch
    {
        "NOTE" => JournalKind.Note,
        "TAG" => JournalKind.Tag,
        "UNTAG" => JournalKind.Untag,
        "PIN" => JournalKind.Pin,
        _ => JournalKind.Unpin,
    };

    /// <summary>
    /// A tag as stored: lower case (so `--tag Keep` finds `keep`), 1 to 40 letters, digits and <c>- _ . : /</c>,
    /// starting with a letter or digit (a leading + or - says to add or remove it).
    /// </summary>
    public static string Tag(string? text)
    {
        var tag = (text ?? "").Trim().ToLower(CultureInfo.InvariantCulture);
        if (tag.Length is 0 or > MaxTag || !char.IsLetterOrDigit(tag[0])
            || !tag.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/'))
        {
            throw new ArgumentException(
                $"'{text}' is not a tag: a tag is 1 to {MaxTag} letters, digits and - _ . : /, starting with a letter or digit.", nameof(text));
        }

        return tag;
    }

    /// <summary>A note as stored: trimmed, line ends as \n, 1 to 4,000 characters, no control characters but line ends and tabs.</summary>
    public static string Note(string? text)
    {
        var note = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        if (note.Length == 0)
        {
            throw new ArgumentException("A note needs some text.", nameof(text));
        }

        if (note.Length > MaxNote)
        {
            throw new ArgumentException($"A note is at most {MaxNote:N0} characters; this one has {note.Length:N0}.", nameof(text));
        }

        if (note.Any(c => char.IsControl(c) && c is not '\n' and not '\t'))
        {
            throw new ArgumentException("A note may not hold control characters (other than line ends and tabs).", nameof(text));
        }

        return note;
    }

    /// <summary>Who wrote an entry: trimmed, at most 100 characters without control characters; "unknown" when empty.</summary>
    public static string Author(string? text)
    {
        var author = (text ?? "").Trim();
        if (author.Length > MaxAuthor || author.Any(char.IsControl))
        {
            throw new ArgumentException($"An author is at most {MaxAuthor} characters without control characters; got '{text}'.", nameof(text));
        }

        return author.Length == 0 ? "unknown" : author;
    }
}
