-- Team schema 11 = the recorder's SQLite schema version 14 (Recorder.Storage/Migrations/014_equity_compact.sql): a
-- file stores run_equity's rows in equity_data under a small key per run (equity_runs), with run_equity as a view of
-- the design's columns. Push copies the view's rows, so this table keeps the same rows for the same readers.
COMMENT ON TABLE run_equity IS 'Each run''s equity curve as its file''s run_equity shows it (a file keeps the rows in equity_data since file schema 14).';
