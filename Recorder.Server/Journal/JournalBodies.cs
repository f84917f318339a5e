namespace QuantowerRecorder.Server.Journal;

/// <summary>POST …/journal/notes: a note (docs/http.md, "Journal"); <paramref name="Author"/> defaults to the server's user.</summary>
public sealed record NoteBody(string? Text, string? Author);

/// <summary>POST …/journal/tags: tags to put on and to take off.</summary>
public sealed record TagsBody(IReadOnlyList<string>? Add, IReadOnlyList<string>? Remove, string? Author);

/// <summary>POST …/journal/pin: pinned true or false (required).</summary>
public sealed record PinBody(bool? Pinned, string? Author);
