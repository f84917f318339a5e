-- Team schema 16 = the recorder's SQLite schema version 18 (Recorder.Storage/Migrations/018_equity_points.sql): a file
-- keeps an equity point's time as an integer and derives its drawdown in run_equity; the view's rows are the same,
-- and push reads them from the view as before. The team store keeps run_equity as its table of the design's columns.
COMMENT ON TABLE run_equity IS 'Each run''s equity curve as its file''s run_equity shows it (a file keeps the points in equity_data since file schema 14, their drawdown derived since 18).';
