-- Version 25: run_equity is a view to read, not to write. Its INSTEAD OF triggers (since 14, last made by 24) served
-- nothing in the product but prune, which now deletes a run's points where they are stored (equity_data by its run's
-- key, then equity_runs), as the analysis and merge write them. A write to run_equity is refused by SQLite ("cannot
-- modify run_equity because it is a view") rather than taken through triggers only tests used. Only the triggers go:
-- the rows and the views are unchanged.
DROP TRIGGER IF EXISTS run_equity_insert;
DROP TRIGGER IF EXISTS run_equity_update;
DROP TRIGGER IF EXISTS run_equity_delete;
