namespace QuantowerRecorder.Server.Watching;

/// <summary>
/// The `file` event: the file changed (or is back after a problem), as seen at <see cref="SeenUtc"/>; a team database's
/// push has no sizes (null).
/// </summary>
internal sealed record FileChange(long? FileBytes, long? WalBytes, string SeenUtc, bool Recovered);

/// <summary>The `problem` event: the file cannot be read now (gone, replaced by something else, locked); the stream goes on.</summary>
internal sealed record FileProblem(string Detail, string SeenUtc);
