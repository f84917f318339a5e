-- Team schema 18 = the recorder's SQLite schema version 20 (Recorder.Storage/Migrations/020_series_unseen.sql): what a
-- series covers is recorded, not inferred. series_unseen keeps the times of a series' stretch that it did not see (its
-- market holds another run's bar there), and v_series_bars leaves them out, so bars another terminal's run pushes later,
-- in a run's gaps or beside it, never enter it. Series pushed before kept no such record: they stay as they read.
CREATE TABLE series_unseen (
  series_id          text NOT NULL,
  ts                 bigint NOT NULL,
  PRIMARY KEY(series_id, ts)
);

CREATE INDEX idx_series_market ON run_series(market_id, first_bar);

CREATE OR REPLACE VIEW v_series_bars AS
SELECT s.series_id, b.ts, b.open, b.high, b.low, b.close, b.volume, b.volumetric_json, b.forming_utc
FROM run_series s
JOIN market_bars b ON b.market_id = s.market_id AND b.ts BETWEEN s.first_bar AND s.last_bar
WHERE NOT EXISTS (SELECT 1 FROM series_bars o WHERE o.series_id = s.series_id AND o.ts = b.ts)
  AND NOT EXISTS (SELECT 1 FROM series_unseen u WHERE u.series_id = s.series_id AND u.ts = b.ts)
UNION ALL
SELECT o.series_id, o.ts, o.open, o.high, o.low, o.close, o.volume, o.volumetric_json, o.forming_utc
FROM series_bars o;

-- The runs still running, without going through every run that ended.
CREATE INDEX idx_runs_running ON strategy_runs(status) WHERE status = 'RUNNING';
