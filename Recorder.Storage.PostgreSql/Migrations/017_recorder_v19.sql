-- Team schema 17 = the recorder's SQLite schema version 19 (Recorder.Storage/Migrations/019_equity_marked_on_bars.sql):
-- a file can keep a stretch of equity points that follows a series' bars as one row referring to them, and run_equity
-- computes the points; push reads them from the view as before, so the team store keeps every point as a row.
COMMENT ON TABLE run_equity IS 'Each run''s equity curve as its file''s run_equity shows it (a file keeps the points in equity_data since file schema 14, their drawdown derived since 18, stretches marked on a series'' bars computed from them since 19).';
