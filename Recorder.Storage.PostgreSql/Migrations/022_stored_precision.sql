-- Team schema 22 = the recorder's SQLite schema version 24 (Recorder.Storage/Migrations/024_stored_precision.sql):
-- money, percentages, prices and quantities at their precision (docs/metrics.md, "Stored precision"). The rows the
-- team store keeps come rounded (pushed from a file's views, or stored by its own analysis through the same rule); the
-- views that add or average money round what they compute to the runs' money decimals (metrics_json.money_decimals,
-- 8 where a run's analysis predates it), win rates to 6 decimals, as the file's do. A double is rounded as the numeric
-- it converts to.
CREATE OR REPLACE VIEW v_instance_comparison AS
SELECT i.instance_id, s.name AS strategy, i.instance_name, i.config_hash, i.parameters_json, i.symbol, i.timeframe,
       CASE WHEN v.run_type = 'BACKTEST' THEN 'BACKTEST' ELSE 'FORWARD' END AS phase,
       COUNT(*) AS runs,
       COUNT(*) FILTER (WHERE v.run_type = 'BACKTEST') AS backtest_runs,
       COUNT(*) FILTER (WHERE v.run_type IN ('LIVE', 'PAPER', 'REPLAY')) AS forward_runs,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR bool_or(v.currency = 'MIXED') THEN 'MIXED' ELSE MAX(v.currency) END AS currency,
       CAST(SUM(v.trade_count) AS bigint) AS trades,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR bool_or(v.currency = 'MIXED') THEN NULL ELSE round((SUM(v.net_pnl))::numeric, MAX(COALESCE((m.metrics_json ->> 'money_decimals')::int, 8)))::double precision END AS total_net_pnl,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR bool_or(v.currency = 'MIXED') THEN NULL ELSE round((AVG(v.net_pnl))::numeric, MAX(COALESCE((m.metrics_json ->> 'money_decimals')::int, 8)))::double precision END AS avg_net_pnl,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR bool_or(v.currency = 'MIXED') THEN NULL ELSE MIN(v.net_pnl) END AS worst_net_pnl,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR bool_or(v.currency = 'MIXED') THEN NULL ELSE MAX(v.net_pnl) END AS best_net_pnl,
       AVG(v.sharpe) AS avg_sharpe,
       MAX(v.max_drawdown_pct) AS worst_max_drawdown_pct,
       CASE WHEN SUM(t.closed) > 0 THEN round(100.0 * SUM(t.wins) / SUM(t.closed), 6)::double precision END AS win_rate,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR bool_or(v.currency = 'MIXED') OR NOT SUM(t.losses) > 0 THEN NULL
            ELSE SUM(t.gross_profit) / -SUM(t.gross_loss) END AS profit_factor
FROM strategy_instances i
JOIN strategies s ON s.strategy_id = i.strategy_id
JOIN v_runs v ON v.instance_id = i.instance_id
JOIN strategy_runs m ON m.run_id = v.run_id
LEFT JOIN (SELECT run_id, COUNT(*) AS closed, SUM((net_pnl > 0)::int) AS wins, SUM((net_pnl < 0)::int) AS losses,
                  SUM(CASE WHEN net_pnl > 0 THEN net_pnl ELSE 0 END) AS gross_profit,
                  SUM(CASE WHEN net_pnl < 0 THEN net_pnl ELSE 0 END) AS gross_loss
           FROM run_trades WHERE is_open = 0 AND net_pnl IS NOT NULL GROUP BY run_id) t ON t.run_id = v.run_id
GROUP BY i.instance_id, s.name, CASE WHEN v.run_type = 'BACKTEST' THEN 'BACKTEST' ELSE 'FORWARD' END;

CREATE OR REPLACE VIEW v_pnl_by_entry_delta AS
SELECT t.run_id,
       CASE WHEN c.entry_delta > 0 THEN 'POSITIVE' WHEN c.entry_delta < 0 THEN 'NEGATIVE'
            WHEN c.entry_delta = 0 THEN 'ZERO' ELSE 'UNKNOWN' END AS entry_delta_sign,
       COUNT(*) AS trades,
       SUM(CASE WHEN t.net_pnl > 0 THEN 1 ELSE 0 END) AS wins,
       round((SUM(t.net_pnl))::numeric, (SELECT COALESCE((m.metrics_json ->> 'money_decimals')::int, 8) FROM strategy_runs m WHERE m.run_id = t.run_id))::double precision AS net_pnl,
       round((AVG(t.net_pnl))::numeric, (SELECT COALESCE((m.metrics_json ->> 'money_decimals')::int, 8) FROM strategy_runs m WHERE m.run_id = t.run_id))::double precision AS avg_net_pnl
FROM run_trades t
LEFT JOIN run_trade_context c ON c.run_id = t.run_id AND c.trade_no = t.trade_no
WHERE t.is_open = 0
GROUP BY t.run_id, 2;

CREATE OR REPLACE VIEW v_bracket_outcomes AS
SELECT c.run_id, c.bracket_outcome, COUNT(*) AS trades,
       SUM(CASE WHEN c.stop_moves > 0 THEN 1 ELSE 0 END) AS stop_moved,
       AVG(c.stop_moves) AS avg_stop_moves,
       AVG(c.placed_reward_risk) AS avg_placed_reward_risk,
       AVG(c.got_reward_risk) AS avg_got_reward_risk,
       AVG(c.time_to_outcome_s) AS avg_time_to_outcome_s,
       round((SUM(t.net_pnl))::numeric, (SELECT COALESCE((m.metrics_json ->> 'money_decimals')::int, 8) FROM strategy_runs m WHERE m.run_id = c.run_id))::double precision AS net_pnl
FROM run_trade_context c
JOIN run_trades t ON t.run_id = c.run_id AND t.trade_no = c.trade_no
WHERE c.bracket_outcome IS NOT NULL
GROUP BY c.run_id, c.bracket_outcome;

CREATE OR REPLACE VIEW v_instance_shortfall AS
SELECT r.instance_id, n.currency,
       COUNT(DISTINCT s.run_id) AS runs,
       COUNT(*) AS orders,
       SUM(s.has_decision) AS orders_with_decision,
       round((SUM(s.delay))::numeric, MAX(COALESCE((r.metrics_json ->> 'money_decimals')::int, 8)))::double precision AS delay,
       round((SUM(s.execution))::numeric, MAX(COALESCE((r.metrics_json ->> 'money_decimals')::int, 8)))::double precision AS execution,
       round((SUM(s.fees))::numeric, MAX(COALESCE((r.metrics_json ->> 'money_decimals')::int, 8)))::double precision AS fees,
       round((SUM(s.opportunity))::numeric, MAX(COALESCE((r.metrics_json ->> 'money_decimals')::int, 8)))::double precision AS opportunity,
       round((SUM(s.total))::numeric, MAX(COALESCE((r.metrics_json ->> 'money_decimals')::int, 8)))::double precision AS total,
       SUM(s.complete) AS complete_orders
FROM run_order_shortfall s
JOIN strategy_runs r ON r.run_id = s.run_id
LEFT JOIN run_instruments n ON n.run_id = s.run_id AND n.symbol = s.symbol
GROUP BY r.instance_id, n.currency;

