using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Ingest;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The writer's CPU per order event and per fill, with the bars' share set apart: a recorded run's order events, then
/// its fills, recorded again each into a new file through a session of their own (its definitions written first and
/// untimed), the writer thread's CPU read before and after each (<see cref="ThreadCpu"/>). Best of three.
/// </summary>
internal static class WriterEventCost
{
    public sealed record Cost(int OrderEvents, int Fills, double? MicrosecondsPerOrderEvent, double? MicrosecondsPerFill);

    public static Cost Measure(string recorded, string directory)
    {
        var (definitions, orders, fills) = Read(recorded);
        double? perOrder = null, perFill = null;
        for (var round = 0; round < 3; round++)
        {
            perOrder = Min(perOrder, PerEvent(Path.Combine(directory, $"orders-{round}.db"), definitions, orders));
            perFill = Min(perFill, PerEvent(Path.Combine(directory, $"fills-{round}.db"), definitions, fills));
        }

        return new Cost(orders.Count, fills.Count, perOrder, perFill);
    }

    private static double? Min(double? a, double? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    // The writer's CPU over `events` alone, in microseconds each; null where a thread's CPU cannot be read.
    private static double? PerEvent(string path, List<RecorderEvent> definitions, List<RecorderEvent> events)
    {
        using var session = RecorderSession.Open(path, new RecorderOptions { LiveAnalysisInterval = null });
        Record(session, definitions);
        var before = ThreadCpu.Of(ThreadCpu.Writer);
        Record(session, events);
        var after = ThreadCpu.Of(ThreadCpu.Writer);
        return after - before is { } seconds && events.Count > 0 ? Math.Round(seconds * 1e6 / events.Count, 2) : null;
    }

    private static void Record(RecorderSession session, List<RecorderEvent> events)
    {
        foreach (var e in events)
        {
            if (!session.Record(e))
            {
                throw new InvalidOperationException("the session refused an event: " + e);
            }
        }

        if (!session.Flush(TimeSpan.FromMinutes(5)).Completed)
        {
            throw new InvalidOperationException("the session did not write its events");
        }
    }

    // The run's events as its raw log gives them: what opens it, its order states, its fills.
    private static (List<RecorderEvent> Definitions, List<RecorderEvent> Orders, List<RecorderEvent> Fills) Read(string recorded)
    {
        var (definitions, orders, fills) = (new List<RecorderEvent>(), new List<RecorderEvent>(), new List<RecorderEvent>());
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = recorded, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_type, event_json FROM v_events WHERE event_type <> 'BAR' ORDER BY id";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var e = EventLine.Read(reader.GetString(1)).Event ?? throw new InvalidOperationException("an event of the raw log does not read: " + reader.GetString(1));
            (e switch
            {
                OrderSnapshot => orders,
                ExecutionRecorded => fills,
                RunEnded => null,
                _ => definitions,
            })?.Add(e);
        }

        return (definitions, orders, fills);
    }
}
