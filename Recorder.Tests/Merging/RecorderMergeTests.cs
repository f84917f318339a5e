using NUnit.Framework;
using QuantowerRecorder.Storage.Merging;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Merging;

/// <summary>RecorderMerge on real files: the union of three terminals, again a no-op, conflicts kept, a failed file rolled back.</summary>
public sealed class RecorderMergeTests
{
    [Test]
    public void A_merge_into_a_locked_target_is_tried_again_on_the_clock_until_the_lock_wait_is_spent()
    {
        using var folder = new TempDatabase();
        var laptop = folder.Sibling("laptop/recorder.db");
        var vps = folder.Sibling("vps/recorder.db");
        var team = folder.Sibling("team.db");
        MergeFiles.Record(laptop, "laptop", runs: 1);
        MergeFiles.Record(vps, "vps", runs: 1);
        var clock = new FakeClock(new DateTime(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc));
        using var merge = RecorderMerge.Open(team, new MergeOptions { Time = clock });

        using (var other = OtherProgram.HoldingWriteLock(team))
        {
            var merged = Task.Run(() => merge.Merge(laptop));
            // The first attempt finds the target locked and the next waits on the clock.
            Assert.That(clock.AdvanceToNextTimer(BusyFile.Pause, () => merged.IsCompleted, TimeSpan.FromSeconds(30)), Is.True);
            other.Release();
            Assert.That(merged.Wait(TimeSpan.FromSeconds(30)), Is.True);
            Assert.That(merged.Result.NewRuns, Is.EqualTo(1));
        }

        using (OtherProgram.HoldingWriteLock(team))
        {
            var merged = Task.Run(() => merge.Merge(vps));
            Assert.That(clock.AdvanceToNextTimer(BusyFile.Pause, () => merged.IsCompleted, TimeSpan.FromSeconds(30)), Is.True);
            clock.Advance(RecorderMerge.LockWait);
            var error = Assert.Throws<AggregateException>(() => merged.Wait(TimeSpan.FromSeconds(30)))!.InnerException as RecorderDatabaseException;
            Assert.That(error?.Message, Does.Contain("failed and was rolled back").And.Contain("locked"));
        }

        Assert.That(MergeFiles.Scalar(team, "SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(1));
    }

    [Test]
    public void Three_terminals_merge_into_their_union_without_duplicates_and_merging_again_changes_nothing()
    {
        using var folder = new TempDatabase();
        var vps = folder.Sibling("vps/recorder.db");
        var laptop = folder.Sibling("laptop/recorder.db");
        var desktop = folder.Sibling("desktop/recorder.db");
        var team = folder.Sibling("team.db");
        var vpsRuns = MergeFiles.Record(vps, "vps", runs: 3);
        MergeFiles.Record(laptop, "laptop", runs: 2);
        // The desktop holds a copy of the VPS's runs (overlapping runs) and one run of its own; recording there ends
        // with `analyze --all`, so the copied runs were analysed again: the same figures at another time, no conflict.
        Directory.CreateDirectory(Path.GetDirectoryName(desktop)!);
        File.Copy(vps, desktop);
        MergeFiles.Record(desktop, "desktop", runs: 1);
        var hashes = new[] { vps, laptop, desktop }.ToDictionary(p => p, MergeFiles.Hash);

        List<FileMergeResult> first;
        long eventsBeforeDesktop;
        using (var merge = RecorderMerge.Open(team))
        {
            first = [merge.Merge(vps), merge.Merge(laptop)];
            eventsBeforeDesktop = MergeFiles.Scalar(team, "SELECT COUNT(*) FROM ingest_events");
            first.Add(merge.Merge(desktop));
        }

        Assert.That(first.Select(r => (r.Runs, r.NewRuns, r.SameRuns)), Is.EqualTo(new[] { (3, 3, 0), (2, 2, 0), (4, 1, 3) }));
        Assert.That(first.Sum(r => r.Conflicts.Count), Is.EqualTo(0));
        Assert.That(MergeFiles.Scalar(team, "SELECT COUNT(*) FROM ingest_events") - eventsBeforeDesktop,
            Is.EqualTo(MergeFiles.Scalar(desktop, "SELECT COUNT(*) FROM ingest_events") - MergeFiles.Scalar(vps, "SELECT COUNT(*) FROM ingest_events")),
            "of the copied runs, nothing is inserted twice");
        foreach (var table in MergeFiles.Tables)
        {
            var union = new[] { vps, laptop, desktop }.SelectMany(p => MergeFiles.Rows(p, table)).Distinct().OrderBy(l => l, StringComparer.Ordinal).ToList();
            Assert.That(MergeFiles.Rows(team, table), Is.EqualTo(union), $"{table}: every row of every file, each once");
        }

        Assert.That(MergeFiles.Scalar(team, "SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(6));
        Assert.That(MergeFiles.Scalar(team, "SELECT COUNT(*) FROM run_trades"), Is.GreaterThan(0), "the analysis is merged too");
        Assert.That(MergeFiles.Scalar(team, "SELECT COUNT(DISTINCT source_terminal) FROM strategy_runs"), Is.EqualTo(3));
        Assert.That(MergeFiles.Scalar(team, $"SELECT COUNT(*) FROM strategy_runs WHERE source_terminal = 'vps' AND run_id IN ('{string.Join("','", vpsRuns)}')"), Is.EqualTo(3));
        Assert.That(new[] { vps, laptop, desktop }.Select(MergeFiles.Hash), Is.EqualTo(hashes.Values), "sources are only read");

        var before = MergeFiles.Snapshot(team);
        var copy = folder.Sibling("copy-of-laptop.db");
        File.Copy(laptop, copy);
        List<FileMergeResult> again;
        using (var merge = RecorderMerge.Open(team))
        {
            again = [merge.Merge(vps), merge.Merge(laptop), merge.Merge(desktop), merge.Merge(copy)];
        }

        Assert.That(again.Select(r => (r.NewRuns, r.SameRuns, r.Stored, r.Changed, r.Conflicts.Count)),
            Is.EqualTo(new[] { (0, 3, 0L, false, 0), (0, 2, 0L, false, 0), (0, 4, 0L, false, 0), (0, 2, 0L, false, 0) }));
        Assert.That(MergeFiles.Snapshot(team), Is.EqualTo(before), "table contents, row ids included, are unchanged");
    }

    [Test]
    public void The_same_key_with_other_content_is_reported_and_quarantined_with_its_reason_and_the_stored_row_stays()
    {
        using var folder = new TempDatabase();
        var mine = folder.Sibling("mine.db");
        var theirs = folder.Sibling("theirs.db");
        var team = folder.Sibling("team.db");
        var run = MergeFiles.Record(mine, "vps", runs: 1, trades: 1)[0];
        File.Copy(mine, theirs);
        MergeFiles.ChangeFillPrice(theirs, "X0a", 5001.5);

        FileMergeResult clash, again;
        using (var merge = RecorderMerge.Open(team))
        {
            merge.Merge(mine);
            clash = merge.Merge(theirs);
        }

        var quarantined = MergeFiles.Rows(team, "ingest_quarantine");
        using (var merge = RecorderMerge.Open(team))
        {
            again = merge.Merge(theirs);
        }

        var conflict = clash.Conflicts.Single();
        Assert.That((conflict.EventType, conflict.RunId, conflict.AlreadyKept), Is.EqualTo(("EXECUTION", run, false)));
        Assert.That(conflict.Reason, Does.Contain("X0a").And.Contain("(price 5000 → 5001.5)"));
        Assert.That(clash.NewConflicts, Is.EqualTo(1));
        Assert.That(MergeFiles.Scalar(team, "SELECT COUNT(*) FROM executions WHERE execution_id = 'X0a' AND price = 5000"), Is.EqualTo(1), "the stored row stays");
        Assert.That(MergeFiles.Scalar(team, "SELECT COUNT(*) FROM executions WHERE execution_id = 'X0a'"), Is.EqualTo(1));
        Assert.That(MergeFiles.Scalar(team, $"""
            SELECT COUNT(*) FROM ingest_quarantine WHERE event_type = 'EXECUTION' AND run_id = '{run}'
              AND json_extract(payload_json, '$.execution_id') = 'X0a' AND json_extract(payload_json, '$.price') = 5001.5
            """), Is.EqualTo(1), "the incoming event is kept");
        Assert.That(MergeFiles.Text(team, "SELECT reason FROM ingest_quarantine"), Is.EqualTo(conflict.Reason), "with what differs from the stored row");
        Assert.That(again.Conflicts.Single().AlreadyKept, Is.True, "found again, but kept once");
        Assert.That(MergeFiles.Rows(team, "ingest_quarantine"), Is.EqualTo(quarantined));
    }

    [Test]
    public void What_is_not_an_event_arrives_once_the_files_quarantined_events_and_its_artifact_manifests()
    {
        using var folder = new TempDatabase();
        var source = folder.Sibling("vps.db");
        var team = folder.Sibling("team.db");
        var run = MergeFiles.Record(source, "vps", runs: 1, trades: 1)[0];
        using (var session = QuantowerRecorder.Storage.Writing.RecorderSession.Open(source))
        {
            // A fill of a run the file never started: the file's writer refuses it and keeps it with its reason.
            var stray = new Scenario();
            session.Record(stray.Fill("X9", "O9", QuantowerRecorder.Analytics.Side.Buy, 1));
            session.Close(TimeSpan.FromSeconds(30));
        }

        var sha = new string('a', 64);
        using (var maintenance = QuantowerRecorder.Storage.Queries.RecorderStore.OpenMaintenance(source, TimeProvider.System))
        {
            maintenance.RecordArtifactManifest(run, sha, files: 7);
        }

        Assert.That(MergeFiles.Scalar(source, "SELECT COUNT(*) FROM ingest_quarantine"), Is.EqualTo(1));
        FileMergeResult first, again;
        using (var merge = RecorderMerge.Open(team))
        {
            first = merge.Merge(source);
            again = merge.Merge(source);
        }

        Assert.That((first.QuarantineCopied, first.Artifacts), Is.EqualTo((1L, 1)));
        Assert.That((again.QuarantineCopied, again.Artifacts, again.Changed), Is.EqualTo((0L, 0, false)));
        Assert.That(MergeFiles.Rows(team, "ingest_quarantine"), Is.EqualTo(MergeFiles.Rows(source, "ingest_quarantine")), "kept as the file kept it, once");
        Assert.That(MergeFiles.Scalar(team, $"SELECT files FROM run_artifacts WHERE run_id = '{run}' AND manifest_sha256 = '{sha}'"), Is.EqualTo(7));
    }

    [Test]
    public void A_bar_stored_with_other_values_keeps_its_newest_state_whichever_file_is_merged_first()
    {
        // Bars are events the writer takes (docs/decisions.md, 14): of two closed copies of one bar with other values,
        // the newer by the bar's own progress is stored, whatever the order the copies arrive in; no conflict.
        using var folder = new TempDatabase();
        var mine = folder.Sibling("mine.db");
        var theirs = folder.Sibling("theirs.db");
        MergeFiles.Record(mine, "vps", runs: 1, trades: 1);
        File.Copy(mine, theirs);
        MergeFiles.Write(theirs, "UPDATE market_bars SET close = close + 1 WHERE ts = (SELECT MIN(ts) FROM market_bars)");

        var results = new List<FileMergeResult>();
        foreach (var (team, order) in new[] { (folder.Sibling("team.db"), new[] { mine, theirs }), (folder.Sibling("reversed.db"), new[] { theirs, mine }) })
        {
            using var merge = RecorderMerge.Open(team);
            results.AddRange(order.Select(merge.Merge));
        }

        Assert.That(results.Sum(r => r.Conflicts.Count), Is.Zero);
        Assert.That(MergeFiles.Rows(folder.Sibling("team.db"), "bars"), Is.EqualTo(MergeFiles.Rows(theirs, "bars")), "the higher close is the newer state");
        Assert.That(MergeFiles.Rows(folder.Sibling("reversed.db"), "bars"), Is.EqualTo(MergeFiles.Rows(theirs, "bars")), "whichever file came first");
    }

    [Test]
    public void An_equity_point_is_computed_from_the_merged_rows_not_copied_from_a_source()
    {
        // run_equity is derived (docs/decisions.md, 10): merge analyses the runs it wrote events of from the target's
        // orders, fills and bars, so a source's stored curve, changed behind its recorder's back, does not arrive.
        using var folder = new TempDatabase();
        var mine = folder.Sibling("mine.db");
        var theirs = folder.Sibling("theirs.db");
        var team = folder.Sibling("team.db");
        MergeFiles.Record(mine, "vps", runs: 1, trades: 1);
        File.Copy(mine, theirs);
        MergeFiles.Write(theirs, "UPDATE equity_data SET equity = equity + 1 WHERE seq = (SELECT MAX(seq) FROM equity_data)");

        FileMergeResult result;
        using (var merge = RecorderMerge.Open(team))
        {
            result = merge.Merge(theirs);
        }

        Assert.That((result.Conflicts.Count, result.AnalysedRuns), Is.EqualTo((0, 1)));
        Assert.That(MergeFiles.Rows(team, "run_equity"), Is.EqualTo(MergeFiles.Rows(mine, "run_equity")), "the curve its rows give");
        Assert.That(MergeFiles.Rows(team, "run_equity"), Is.Not.EqualTo(MergeFiles.Rows(theirs, "run_equity")));
    }

    [Test]
    public void A_failure_inside_a_file_keeps_whole_batches_and_merging_the_file_again_completes_it()
    {
        // The target's writer commits a file's events batch by batch, as it commits a recording's: a failure (here the
        // disk, at the second commit of the second file) leaves whole batches behind, never half an event, and the file
        // merged again adds what is missing. The files merged before it are untouched.
        using var folder = new TempDatabase();
        var first = folder.Sibling("first.db");
        var second = folder.Sibling("second.db");
        var team = folder.Sibling("team.db");
        var reference = folder.Sibling("reference.db");
        var firstRuns = MergeFiles.Record(first, "vps", runs: 2);
        var secondRuns = MergeFiles.Record(second, "laptop", runs: 2);
        using (var merge = RecorderMerge.Open(reference))
        {
            merge.Merge(first);
            merge.Merge(second);
        }

        using (var merge = RecorderMerge.Open(team))
        {
            merge.Merge(first);
        }

        var firstRows = MergeFiles.Tables.ToDictionary(t => t, t => MergeFiles.Rows(team, t).Where(r => firstRuns.Any(r.Contains)).ToList());
        var armed = false;
        var commits = 0;
        using (var failing = RecorderMerge.Open(team, null, WatchedConnection.Watching(command =>
               {
                   if (armed && command.CommandText.StartsWith("COMMIT", StringComparison.Ordinal) && ++commits == 2)
                   {
                       throw new Microsoft.Data.Sqlite.SqliteException("injected: disk I/O error", 10);
                   }
               })))
        {
            armed = true;
            var error = Assert.Throws<RecorderDatabaseException>(() => failing.Merge(second))!;
            armed = false;
            Assert.That(error.Message, Does.Contain("failed and was rolled back to its last whole batch").And.Contain("merging the file again adds the rest"));
            Assert.That(MergeFiles.Tables.ToDictionary(t => t, t => MergeFiles.Rows(team, t).Where(r => firstRuns.Any(r.Contains)).ToList()),
                Is.EqualTo(firstRows), "the first file's rows are as they were");
            Assert.That(MergeFiles.Scalar(team, $"SELECT COUNT(*) FROM ingest_events WHERE run_id IN ('{string.Join("','", secondRuns)}')"),
                Is.LessThan(MergeFiles.Scalar(second, "SELECT COUNT(*) FROM ingest_events")), "the failed batch was not written");
            // The same target stays usable.
            Assert.That(failing.Merge(first).Stored, Is.EqualTo(0));
        }

        using (var merge = RecorderMerge.Open(team))
        {
            Assert.That(merge.Merge(second).Runs, Is.EqualTo(2));
        }

        foreach (var table in MergeFiles.Tables)
        {
            Assert.That(MergeFiles.Rows(team, table), Is.EqualTo(MergeFiles.Rows(reference, table)), table + ": as a merge that never failed");
        }
    }

    [Test]
    public void A_later_state_of_a_run_updates_its_rows_and_an_earlier_copy_merged_afterwards_changes_nothing()
    {
        using var folder = new TempDatabase();
        var early = folder.Sibling("early.db");
        var late = folder.Sibling("late.db");
        var team = folder.Sibling("team.db");
        var s = new Scenario();
        // The terminal goes on recording into its file; a copy taken before that is an earlier state of the run.
        using (var session = QuantowerRecorder.Storage.Writing.RecorderSession.Open(late))
        {
            foreach (var e in s.Start())
            {
                session.Record(e);
            }

            session.Record(s.Order("O1", QuantowerRecorder.Analytics.Side.Buy, 1, "OPENED", at: 5));
            session.Close(TimeSpan.FromSeconds(30));
        }

        File.Copy(late, early);
        using (var session = QuantowerRecorder.Storage.Writing.RecorderSession.Open(late))
        {
            session.Record(s.Order("O1", QuantowerRecorder.Analytics.Side.Buy, 1, "FILLED", at: 6, filled: 1));
            session.Record(s.Fill("X1", "O1", QuantowerRecorder.Analytics.Side.Buy, 1, at: 6));
            session.Record(s.End());
            session.Close(TimeSpan.FromSeconds(30));
        }

        FileMergeResult fromLate, earlyAgain;
        using (var merge = RecorderMerge.Open(team))
        {
            merge.Merge(early);
            fromLate = merge.Merge(late);
            earlyAgain = merge.Merge(early);
        }

        Assert.That(fromLate.LaterRuns, Is.EqualTo(1));
        Assert.That(fromLate.Stored, Is.GreaterThan(0), "the order and the run moved on");
        Assert.That((earlyAgain.EarlierRuns, earlyAgain.Stored, earlyAgain.Changed, earlyAgain.Conflicts.Count), Is.EqualTo((1, 0L, false, 0)));
        foreach (var table in MergeFiles.Tables)
        {
            Assert.That(MergeFiles.Rows(team, table), Is.EqualTo(MergeFiles.Rows(late, table)), table);
        }
    }

    [Test]
    public void A_file_of_an_older_schema_is_read_from_a_migrated_copy_and_left_as_it_was()
    {
        using var folder = new TempDatabase();
        var old = folder.Sibling("v4.db");
        var team = folder.Sibling("team.db");
        QuantowerRecorder.Tests.Storage.SchemaTests.CreateVersion1(old);
        using (var raw = QuantowerRecorder.Tests.Storage.SchemaTests.Raw(old))
        {
            foreach (var script in new[] { "002_additions.sql", "003_derived_analytics.sql", "004_instruments.sql" })
            {
                Dapper.SqlMapper.Execute(raw, Migrator.ReadResource("QuantowerRecorder.Storage.Migrations." + script));
            }

            Dapper.SqlMapper.Execute(raw, """
                PRAGMA user_version = 4;
                INSERT INTO strategies(strategy_id, name, created_utc) VALUES ('s1', 'Old strategy', '2025-01-02T00:00:00.0000000Z');
                INSERT INTO strategy_instances(instance_id, strategy_id, parameters_json, created_utc) VALUES ('i1', 's1', '{}', '2025-01-02T00:00:00.0000000Z');
                INSERT INTO strategy_runs(run_id, instance_id, run_type, start_utc, status, created_utc)
                  VALUES ('r1', 'i1', 'BACKTEST', '2025-01-02T00:00:00.0000000Z', 'COMPLETED', '2025-01-02T00:00:00.0000000Z');
                INSERT INTO executions(run_id, execution_id, order_id, exec_utc, price, quantity)
                  VALUES ('r1', 'X1', 'O1', '2025-01-02T00:01:00.0000000Z', 101.25, 2);
                """);
            // Its raw log, as the recorder of that version kept it beside the rows: merge reads the events.
            var at = new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc);
            var events = new QuantowerRecorder.Storage.Records.RecorderEvent[]
            {
                new QuantowerRecorder.Storage.Records.StrategyDefined { RunId = "r1", EventUtc = at, Source = QuantowerRecorder.Storage.Records.RunSource.Backtest, StrategyId = "s1", Name = "Old strategy" },
                new QuantowerRecorder.Storage.Records.InstanceDefined { RunId = "r1", EventUtc = at, Source = QuantowerRecorder.Storage.Records.RunSource.Backtest, InstanceId = "i1", StrategyId = "s1", ParametersJson = "{}", ConfigHash = "old" },
                new QuantowerRecorder.Storage.Records.RunStarted { RunId = "r1", EventUtc = at, Source = QuantowerRecorder.Storage.Records.RunSource.Backtest, InstanceId = "i1" },
                new QuantowerRecorder.Storage.Records.ExecutionRecorded { RunId = "r1", EventUtc = at.AddMinutes(1), Source = QuantowerRecorder.Storage.Records.RunSource.Backtest, ExecutionId = "X1", OrderId = "O1", Symbol = "ES", Side = QuantowerRecorder.Analytics.Side.Buy, Price = 101.25, Quantity = 2 },
            };
            for (var i = 0; i < events.Length; i++)
            {
                Dapper.SqlMapper.Execute(raw, """
                    INSERT INTO ingest_events(run_id, event_type, event_utc, payload_json, received_utc, sequence, source)
                    VALUES ('r1', @type, @at, @payload, @at, @sequence, 'BACKTEST')
                    """, new { type = events[i].EventType, at = QuantowerRecorder.Storage.Timestamps.Format(events[i].EventUtc),
                        payload = QuantowerRecorder.Storage.Writing.PayloadJson.Serialize(events[i]), sequence = i + 1 });
            }
        }

        var hash = MergeFiles.Hash(old);
        FileMergeResult result;
        using (var merge = RecorderMerge.Open(team))
        {
            result = merge.Merge(old);
        }

        Assert.That((result.MigratedFromVersion, result.NewRuns), Is.EqualTo(((int?)4, 1)));
        Assert.That(MergeFiles.Scalar(team, "SELECT COUNT(*) FROM executions WHERE run_id = 'r1' AND price = 101.25"), Is.EqualTo(1));
        Assert.That(MergeFiles.Scalar(team, "PRAGMA user_version"), Is.EqualTo(Migrator.CurrentVersion));
        Assert.That(MergeFiles.Hash(old), Is.EqualTo(hash));
        Assert.That(MergeFiles.Scalar(old, "PRAGMA user_version"), Is.EqualTo(4), "the source keeps its version");
    }

    [Test]
    public void A_file_newer_than_the_code_is_refused_and_nothing_is_merged_from_it()
    {
        using var folder = new TempDatabase();
        var newer = folder.Sibling("newer.db");
        var team = folder.Sibling("team.db");
        MergeFiles.Record(newer, "vps", runs: 1, trades: 1);
        MergeFiles.Write(newer, $"PRAGMA user_version = {Migrator.CurrentVersion + 1}");

        using var merge = RecorderMerge.Open(team);
        var refused = Assert.Throws<RecorderDatabaseException>(() => merge.Merge(newer))!;

        Assert.That(refused.Problem, Is.EqualTo(DatabaseProblem.SchemaTooNew));
        Assert.That(refused.Message, Does.Contain($"has schema version {Migrator.CurrentVersion + 1}, newer than this recorder understands"));
        Assert.That(MergeFiles.Scalar(team, "SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(0));
    }
}
