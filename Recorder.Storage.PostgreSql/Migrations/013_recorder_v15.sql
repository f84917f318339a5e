-- Team schema 13 = the recorder's SQLite schema version 15 (Recorder.Storage/Migrations/015_bar_data_changes.sql): a
-- file counts the changes of its bar_data rows (schema_meta and two triggers), so its writer can keep a holding
-- series' bars in memory between a sweep's passes. The team store has no such writer: push compares the rows it sends
-- with the rows it holds. Nothing of the team's tables changes.
COMMENT ON TABLE bar_data IS 'The bars each series recorded itself; bar_shares says which bars a series sees (the view bars). Files since schema 15 count changes of these rows in schema_meta; the team store does not need to.';
