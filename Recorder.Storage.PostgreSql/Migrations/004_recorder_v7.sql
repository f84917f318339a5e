-- Team schema 4 = the recorder's SQLite schema version 7 (Recorder.Storage/Migrations/007_instance_pooled_rates.sql):
-- v_instance_comparison pools the closed trades of an instance's runs for win_rate and profit_factor (one definition
-- with `recorder compare`), instead of averaging the runs' rates. Columns are renamed, so the view is dropped first.
DROP VIEW v_instance_comparison;
CREATE VIEW v_instance_comparison AS
SELECT i.instance_id, s.name AS strategy, i.instance_name, i.config_hash, i.parameters_json, i.symbol, i.timeframe,
       CASE WHEN v.run_type = 'BACKTEST' THEN 'BACKTEST' ELSE 'FORWARD' END AS phase,
       COUNT(*) AS runs,
       COUNT(*) FILTER (WHERE v.run_type = 'BACKTEST') AS backtest_runs,
       COUNT(*) FILTER (WHERE v.run_type IN ('LIVE', 'PAPER', 'REPLAY')) AS forward_runs,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR bool_or(v.currency = 'MIXED') THEN 'MIXED' ELSE MAX(v.currency) END AS currency,
       CAST(SUM(v.trade_count) AS bigint) AS trades,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR bool_or(v.currency = 'MIXED') THEN NULL ELSE SUM(v.net_pnl) END AS total_net_pnl,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR bool_or(v.currency = 'MIXED') THEN NULL ELSE AVG(v.net_pnl) END AS avg_net_pnl,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR bool_or(v.currency = 'MIXED') THEN NULL ELSE MIN(v.net_pnl) END AS worst_net_pnl,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR bool_or(v.currency = 'MIXED') THEN NULL ELSE MAX(v.net_pnl) END AS best_net_pnl,
       AVG(v.sharpe) AS avg_sharpe,
       MAX(v.max_drawdown_pct) AS worst_max_drawdown_pct,
       CASE WHEN SUM(t.closed) > 0 THEN (100.0 * SUM(t.wins) / SUM(t.closed))::double precision END AS win_rate,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR bool_or(v.currency = 'MIXED') OR NOT SUM(t.losses) > 0 THEN NULL
            ELSE SUM(t.gross_profit) / -SUM(t.gross_loss) END AS profit_factor
FROM strategy_instances i
JOIN strategies s ON s.strategy_id = i.strategy_id
JOIN v_runs v ON v.instance_id = i.instance_id
LEFT JOIN (SELECT run_id, COUNT(*) AS closed, SUM((net_pnl > 0)::int) AS wins, SUM((net_pnl < 0)::int) AS losses,
                  SUM(CASE WHEN net_pnl > 0 THEN net_pnl ELSE 0 END) AS gross_profit,
                  SUM(CASE WHEN net_pnl < 0 THEN net_pnl ELSE 0 END) AS gross_loss
           FROM run_trades WHERE is_open = 0 AND net_pnl IS NOT NULL GROUP BY run_id) t ON t.run_id = v.run_id
GROUP BY i.instance_id, s.name, CASE WHEN v.run_type = 'BACKTEST' THEN 'BACKTEST' ELSE 'FORWARD' END;
