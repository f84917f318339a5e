-- Team schema 6 = the recorder's SQLite schema version 9 (Recorder.Storage/Migrations/009_bars_stored_once.sql): a
-- file stores bars another run already holds once (bar_data, bar_shares, and bars as a view with the design's
-- columns). Push copies each run's bars as the file's bars view shows them, so this table keeps the same rows for
-- the same readers; a file's raw log may now hold BARS_SHARED rows (docs/events.md), copied as any event.
COMMENT ON TABLE bars IS 'Each run''s bars as its file shows them (bars of a file are stored once since file schema 9).';
