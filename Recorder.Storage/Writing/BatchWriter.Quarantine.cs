using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// What a batch could not store goes to ingest_quarantine with its reason: an event of a batch that failed, retried on its
/// own and refused by SQLite or by a rule (not storable), or failing for a reason of the recorder's (a bug, said with its
/// stack); rows another file quarantined (a merge); and at close, the definitions whose run never started.
/// </summary>
internal sealed partial class BatchWriter
{
    /// <summary>
    /// The events the last <see cref="Write"/> refused, as kept in ingest_quarantine, and whether this write kept them
    /// (false: the very same event was kept already for the same reason, by an earlier copy of it).
    /// </summary>
    public List<(QuarantineRow Row, bool Kept)> Refused { get; } = [];

    /// <summary>
    /// Keeps rows another file quarantined (a merge carries them) in one transaction of its own, each once: a row whose
    /// event the file holds already for the same reason is not kept again. Returns how many were kept.
    /// </summary>
    public int KeepQuarantined(IReadOnlyList<QuarantineRow> rows) => quarantine.Store(rows);

    /// <summary>
    /// At close: quarantines the definitions still waiting for a run that never started, oldest first, in chunks,
    /// while <paramref name="timeLeft"/> says there is budget. Returns how many it stored.
    /// </summary>
    public int QuarantinePendingDefinitions(Func<bool> timeLeft)
    {
        var stored = 0;
        while (deferred.Count > 0 && timeLeft())
        {
            var chunk = deferred.TakeOldest(200);
            try
            {
                stored += quarantine.Store(chunk.Select(e => quarantine.Row(e, "the run it defines never started")).ToList());
            }
            catch
            {
                deferred.PutBack(chunk);
                throw;
            }
        }

        return stored;
    }

    private BatchOutcome WriteSingle(Envelope envelope)
    {
        try
        {
            return WriteOnce([envelope]);
        }
        catch (Exception ex) when (!SqliteErrors.IsTransient(ex) && !SqliteErrors.IsFileLevel(ex))
        {
            return QuarantineFailed(envelope, ex);
        }
    }

    private BatchOutcome QuarantineFailed(Envelope envelope, Exception ex)
    {
        if (ex is SqliteException or Rejection)
        {
            Keep(quarantine.Row(envelope, "not storable: " + ex.Message));
            return new BatchOutcome { Quarantined = 1 };
        }

        // Not the event's fault: the recorder's. Said with its stack so it can be fixed; the event is kept whole.
        report?.Invoke($"recorder bug while writing a {envelope.Event?.EventType} event ({ex.GetType().Name}: {ex.Message}); " +
                       $"the event is kept in ingest_quarantine and the rest of its batch is written. Please report it:{Environment.NewLine}{ex}");
        Keep(quarantine.Row(envelope, $"recorder bug ({ex.GetType().Name}: {ex.Message}); stack in the strategy's log"));
        return new BatchOutcome { Quarantined = 1, Bugs = 1 };

        void Keep(QuarantineRow row) => Refused.Add((row, quarantine.Store([row]) == 1));
    }
}
