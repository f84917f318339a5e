-- Team schema 23 = the recorder's SQLite schema version 25 (Recorder.Storage/Migrations/025_equity_view_without_triggers.sql):
-- a file's run_equity view no longer takes writes through triggers; its rows are the same, and push reads them from
-- the view as before. The team store never had such triggers: its run_equity is a table. Nothing else changes.
COMMENT ON TABLE run_equity IS 'Each run''s equity curve as its file''s run_equity shows it (a file keeps the points in equity_data since file schema 14, their drawdown derived since 18, stretches marked on a series'' bars computed from them since 19; the view is read-only since 25).';
