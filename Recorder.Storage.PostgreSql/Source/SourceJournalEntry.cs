namespace QuantowerRecorder.Storage.PostgreSql.Source;

/// <summary>One row of a file's journal_entries as push reads it: its row id in the file (the mark) and its columns as stored.</summary>
internal sealed record SourceJournalEntry(long Id, string EntryId, string SubjectType, string SubjectId, string Kind, string? Body, string Author, string CreatedUtc);
