-- Team schema 20 = the recorder's SQLite schema version 22 (Recorder.Storage/Migrations/022_per_run_views.sql):
-- v_runs.account_id is the accounts the run's orders and fills name, each once, in text order joined by ', ' (the
-- instance's when they name none), and v_oco_groups looks a group's legs up by its run too, as the file's views do.
-- v_equity_points already unfolds each row of run_equity on its own (generate_series), so a filter on run_id reads
-- that run's rows.
CREATE OR REPLACE VIEW v_runs AS
SELECT r.run_id, r.instance_id, s.name AS strategy, s.version AS strategy_version, i.instance_name, i.config_hash,
       i.parameters_json, i.symbol, i.timeframe,
       COALESCE((SELECT string_agg(a.account_id, ', ' ORDER BY a.account_id COLLATE "C")
                   FROM (SELECT o.account_id FROM orders o WHERE o.run_id = r.run_id AND o.account_id IS NOT NULL
                         UNION
                         SELECT x.account_id FROM executions x WHERE x.run_id = r.run_id AND x.account_id IS NOT NULL) a),
                i.account_id) AS account_id,
       r.run_type, r.status, r.start_utc, r.end_utc,
       ROUND(EXTRACT(EPOCH FROM (COALESCE(r.end_utc, r.last_progress_utc, r.start_utc)::timestamptz
                                 - r.start_utc::timestamptz))::numeric, 3)::double precision AS duration_s,
       (SELECT COUNT(*) FROM orders o WHERE o.run_id = r.run_id) AS order_count,
       (SELECT COUNT(*) FROM executions x WHERE x.run_id = r.run_id) AS execution_count,
       (SELECT value FROM run_metrics_kv k WHERE k.run_id = r.run_id AND k.key = 'net_pnl') AS net_pnl,
       (SELECT value FROM run_metrics_kv k WHERE k.run_id = r.run_id AND k.key = 'total_return_pct') AS total_return_pct,
       (SELECT value FROM run_metrics_kv k WHERE k.run_id = r.run_id AND k.key = 'sharpe') AS sharpe,
       (SELECT value FROM run_metrics_kv k WHERE k.run_id = r.run_id AND k.key = 'max_drawdown_pct') AS max_drawdown_pct,
       (SELECT CAST(value AS bigint) FROM run_metrics_kv k WHERE k.run_id = r.run_id AND k.key = 'trade_count') AS trade_count,
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

CREATE OR REPLACE VIEW v_oco_groups AS
SELECT g.run_id, g.oco_group_id, g.label, g.created_utc,
       (SELECT string_agg(COALESCE(l.oco_role, '?') || ':' || l.order_id || ':' || COALESCE(o.status, 'UNSEEN'), ' | ')
          FROM order_oco_links l LEFT JOIN orders o ON o.run_id = l.run_id AND o.order_id = l.order_id
         WHERE l.run_id = g.run_id AND l.oco_group_id = g.oco_group_id) AS legs,
       (SELECT l.oco_role FROM order_oco_links l
          JOIN executions x ON x.run_id = l.run_id AND x.order_id = l.order_id
         WHERE l.run_id = g.run_id AND l.oco_group_id = g.oco_group_id AND COALESCE(l.oco_role, '') <> 'ENTRY'
         ORDER BY x.exec_utc, x.id LIMIT 1) AS winning_role,
       (SELECT l.order_id FROM order_oco_links l
          JOIN executions x ON x.run_id = l.run_id AND x.order_id = l.order_id
         WHERE l.run_id = g.run_id AND l.oco_group_id = g.oco_group_id AND COALESCE(l.oco_role, '') <> 'ENTRY'
         ORDER BY x.exec_utc, x.id LIMIT 1) AS winning_order_id
FROM order_oco_groups g;
