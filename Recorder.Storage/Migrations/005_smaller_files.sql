-- Version 5: smaller files, and where a run was recorded. Two indexes that repeated the index of a UNIQUE constraint go (every bar wrote its key
-- twice); the raw log's payload leaves out what its row holds in columns (payload_version 2, written from now on;
-- version 1 payloads stay as they are and read the same); v_events gives every event back as `recorder import`
-- reads it.
DROP INDEX IF EXISTS idx_bars_series_time;
DROP INDEX IF EXISTS idx_series_run;

CREATE VIEW v_events AS
SELECT id, run_id, event_type, event_utc, sequence,
       json_set(payload_json, '$.event_type', event_type, '$.run_id', run_id, '$.event_utc', event_utc,
                '$.source', source) AS event_json
FROM ingest_events;

-- The terminal or machine that recorded a run (the team store shows who ran what); v_runs shows it last.
ALTER TABLE strategy_runs ADD COLUMN source_terminal TEXT;
DROP VIEW v_runs;
CREATE VIEW v_runs AS
SELECT r.run_id, r.instance_id, s.name AS strategy, s.version AS strategy_version, i.instance_name, i.config_hash,
       i.parameters_json, i.symbol, i.timeframe, i.account_id, r.run_type, r.status, r.start_utc, r.end_utc,
       ROUND((julianday(COALESCE(r.end_utc, r.last_progress_utc, r.start_utc)) - julianday(r.start_utc)) * 86400.0, 3) AS duration_s,
       (SELECT COUNT(*) FROM orders o WHERE o.run_id = r.run_id) AS order_count,
       (SELECT COUNT(*) FROM executions x WHERE x.run_id = r.run_id) AS execution_count,
       (SELECT value FROM run_metrics_kv k WHERE k.run_id = r.run_id AND k.key = 'net_pnl') AS net_pnl,
       (SELECT value FROM run_metrics_kv k WHERE k.run_id = r.run_id AND k.key = 'total_return_pct') AS total_return_pct,
       (SELECT value FROM run_metrics_kv k WHERE k.run_id = r.run_id AND k.key = 'sharpe') AS sharpe,
       (SELECT value FROM run_metrics_kv k WHERE k.run_id = r.run_id AND k.key = 'max_drawdown_pct') AS max_drawdown_pct,
       (SELECT CAST(value AS INTEGER) FROM run_metrics_kv k WHERE k.run_id = r.run_id AND k.key = 'trade_count') AS trade_count,
       (SELECT value FROM run_metrics_kv k WHERE k.run_id = r.run_id AND k.key = 'win_rate') AS win_rate,
       (SELECT value FROM run_metrics_kv k WHERE k.run_id = r.run_id AND k.key = 'profit_factor') AS profit_factor,
       (SELECT value FROM run_metrics_kv k WHERE k.run_id = r.run_id AND k.key = 'total_fees') AS total_fees,
       r.error_message,
       (SELECT CASE WHEN COUNT(DISTINCT n.currency) > 1 THEN 'MIXED' ELSE MAX(n.currency) END
          FROM run_instruments n WHERE n.run_id = r.run_id) AS currency,
       r.source_terminal
FROM strategy_runs r
JOIN strategy_instances i ON i.instance_id = r.instance_id
JOIN strategies s ON s.strategy_id = i.strategy_id;
