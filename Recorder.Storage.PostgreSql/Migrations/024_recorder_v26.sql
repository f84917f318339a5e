-- Team schema 24 = the recorder's SQLite schema version 26 (Recorder.Storage/Migrations/026_equity_rows_from_series_bars.sql):
-- a file's v_equity_rows reads a series' bars through v_series_bars instead of writing the rule out again; the points it
-- gives are the same, and push reads them from the file's run_equity as before. The team store holds the points
-- themselves, so nothing changes here but the version.
COMMENT ON TABLE run_equity IS 'Each run''s equity curve as its file''s run_equity shows it (a file keeps the points in equity_data since file schema 14, their drawdown derived since 18, stretches marked on a series'' bars computed from them since 19, through v_series_bars since 26; the view is read-only since 25).';
