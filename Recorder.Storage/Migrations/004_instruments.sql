-- Version 4: instrument specifications per run and symbol (money in currency), one spelling of CANCELED, and views
-- that keep backtests and forward runs apart, read counts as integers and cap fill ratios. The views are dropped
-- and created again as schema.sql has them.
DROP VIEW v_instance_comparison;
DROP VIEW v_runs;
DROP VIEW v_trades;
DROP VIEW v_orders;
DROP VIEW v_oco_groups;

-- orders.status used the platform's CANCELLED while strategy_runs.status used the design's CANCELED: one spelling.
UPDATE orders SET status = 'CANCELED' WHERE status = 'CANCELLED';

-- Latency is for orders that could fill at once; resting orders get a time to fill. Derived: `recorder analyze`
-- fills them in.
ALTER TABLE run_order_quality ADD COLUMN marketable INTEGER;
ALTER TABLE run_order_quality ADD COLUMN time_to_fill_ms REAL;
ALTER TABLE run_order_quality ADD COLUMN overfilled_quantity REAL;

-- ───────────────────────────────── v4: instrument specifications ─────────────────────────────────
-- What one run traded, per symbol: the contract facts every money figure needs (docs/decisions.md, 11).
-- tick_value is money per tick per 1 lot and point_value money per 1.0 of price per 1 lot, both in `currency`.
-- A NULL point_value makes the analysis fall back to 1 and say so. Filled by INSTRUMENT_DEFINED events; a later
-- snapshot of the same run and symbol replaces the stored one only if it is not older (captured_utc).
CREATE TABLE run_instruments (
  run_id             TEXT NOT NULL,
  symbol             TEXT NOT NULL,
  tick_size          REAL,
  tick_value         REAL,
  point_value        REAL,
  lot_size           REAL,
  currency           TEXT,
  account_currency   TEXT,
  symbol_type        TEXT,
  exchange           TEXT,
  expiration_utc     TEXT,
  variable_ticks_json TEXT,
  captured_utc       TEXT NOT NULL,
  extra_json         TEXT,
  UNIQUE(run_id, symbol),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

-- ───────────────────────────────── views for DB Browser (examples in README.md) ─────────────────────────────
-- Counts are cast to INTEGER (run_metrics_kv.value is REAL). `currency` is the money unit of a run's amounts: the
-- currency of its instruments, 'MIXED' when they differ (its amounts are then not summed), NULL when none recorded.

-- One row per run: who ran what, how it ended, and its key metrics.
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
          FROM run_instruments n WHERE n.run_id = r.run_id) AS currency
FROM strategy_runs r
JOIN strategy_instances i ON i.instance_id = r.instance_id
JOIN strategies s ON s.strategy_id = i.strategy_id;

-- Every metric of a run with its unit; counts as INTEGER.
CREATE VIEW v_run_metrics AS
SELECT k.run_id, k.key, CASE WHEN k.unit = 'count' THEN CAST(k.value AS INTEGER) ELSE k.value END AS value, k.unit
FROM run_metrics_kv k;

-- Round-trip trades with their run and strategy; entry/exit order ids are JSON arrays; money in `currency`.
CREATE VIEW v_trades AS
SELECT t.run_id, s.name AS strategy, i.instance_name, r.run_type, t.trade_no, t.symbol, t.account_id, t.side,
       t.quantity, t.entry_utc, t.exit_utc, t.entry_price, t.exit_price, t.gross_pnl, t.fees, t.net_pnl, t.pnl_percent,
       t.holding_seconds, t.mae, t.mfe, t.r_multiple, t.entry_tag, t.exit_tag, t.exit_reason,
       t.entry_order_ids, t.exit_order_ids, t.is_open, t.unrealized_pnl,
       n.currency, n.point_value
FROM run_trades t
JOIN strategy_runs r ON r.run_id = t.run_id
JOIN strategy_instances i ON i.instance_id = r.instance_id
JOIN strategies s ON s.strategy_id = i.strategy_id
LEFT JOIN run_instruments n ON n.run_id = t.run_id AND n.symbol = t.symbol;

-- Orders with their fills, fill ratio (capped at 1; overfilled_quantity is what was filled beyond the order),
-- slippage and latency (orders that could fill at once) or time to fill (resting orders).
CREATE VIEW v_orders AS
SELECT o.run_id, o.order_id, o.symbol, o.account_id, o.side, o.order_type, o.quantity, o.price, o.stop_price,
       o.status, o.submit_utc, o.update_utc, o.client_tag, o.position_impact,
       (SELECT COUNT(*) FROM executions x WHERE x.run_id = o.run_id AND x.order_id = o.order_id) AS fill_count,
       (SELECT SUM(x.quantity) FROM executions x WHERE x.run_id = o.run_id AND x.order_id = o.order_id) AS filled_quantity,
       (SELECT SUM(x.price * x.quantity) / SUM(x.quantity) FROM executions x
         WHERE x.run_id = o.run_id AND x.order_id = o.order_id) AS avg_fill_price,
       MIN(1.0, (SELECT SUM(x.quantity) FROM executions x WHERE x.run_id = o.run_id AND x.order_id = o.order_id) / o.quantity) AS fill_ratio,
       MAX(0.0, (SELECT SUM(x.quantity) FROM executions x WHERE x.run_id = o.run_id AND x.order_id = o.order_id) - o.quantity) AS overfilled_quantity,
       q.reference_price, q.slippage_price, q.slippage_ticks, q.slippage_money,
       q.latency_first_fill_ms, q.latency_full_fill_ms, q.marketable, q.time_to_fill_ms
FROM orders o
LEFT JOIN run_order_quality q ON q.run_id = o.run_id AND q.order_id = o.order_id;

-- OCO groups with their legs (role:order:status) and the leg that won (the first to fill).
CREATE VIEW v_oco_groups AS
SELECT g.run_id, g.oco_group_id, g.label, g.created_utc,
       (SELECT group_concat(COALESCE(l.oco_role, '?') || ':' || l.order_id || ':' || COALESCE(o.status, 'UNSEEN'), ' | ')
          FROM order_oco_links l LEFT JOIN orders o ON o.run_id = l.run_id AND o.order_id = l.order_id
         WHERE l.oco_group_id = g.oco_group_id) AS legs,
       (SELECT l.oco_role FROM order_oco_links l
          JOIN executions x ON x.run_id = l.run_id AND x.order_id = l.order_id
         WHERE l.oco_group_id = g.oco_group_id AND COALESCE(l.oco_role, '') <> 'ENTRY'
         ORDER BY x.exec_utc, x.id LIMIT 1) AS winning_role,
       (SELECT l.order_id FROM order_oco_links l
          JOIN executions x ON x.run_id = l.run_id AND x.order_id = l.order_id
         WHERE l.oco_group_id = g.oco_group_id AND COALESCE(l.oco_role, '') <> 'ENTRY'
         ORDER BY x.exec_utc, x.id LIMIT 1) AS winning_order_id
FROM order_oco_groups g;

-- Parameter sets compared across their runs, backtests and forward runs (LIVE, PAPER, REPLAY) apart: one row per
-- instance and phase. Money is summed only when the runs share one currency; otherwise it is NULL and `currency`
-- says MIXED.
CREATE VIEW v_instance_comparison AS
SELECT i.instance_id, s.name AS strategy, i.instance_name, i.config_hash, i.parameters_json, i.symbol, i.timeframe,
       CASE WHEN v.run_type = 'BACKTEST' THEN 'BACKTEST' ELSE 'FORWARD' END AS phase,
       COUNT(*) AS runs,
       SUM(v.run_type = 'BACKTEST') AS backtest_runs, SUM(v.run_type IN ('LIVE', 'PAPER', 'REPLAY')) AS forward_runs,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR MAX(v.currency = 'MIXED') THEN 'MIXED' ELSE MAX(v.currency) END AS currency,
       CAST(SUM(v.trade_count) AS INTEGER) AS trades,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR MAX(v.currency = 'MIXED') THEN NULL ELSE SUM(v.net_pnl) END AS total_net_pnl,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR MAX(v.currency = 'MIXED') THEN NULL ELSE AVG(v.net_pnl) END AS avg_net_pnl,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR MAX(v.currency = 'MIXED') THEN NULL ELSE MIN(v.net_pnl) END AS worst_net_pnl,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR MAX(v.currency = 'MIXED') THEN NULL ELSE MAX(v.net_pnl) END AS best_net_pnl,
       AVG(v.sharpe) AS avg_sharpe,
       MAX(v.max_drawdown_pct) AS worst_max_drawdown_pct, AVG(v.win_rate) AS avg_win_rate,
       AVG(v.profit_factor) AS avg_profit_factor
FROM strategy_instances i
JOIN strategies s ON s.strategy_id = i.strategy_id
JOIN v_runs v ON v.instance_id = i.instance_id
GROUP BY i.instance_id, CASE WHEN v.run_type = 'BACKTEST' THEN 'BACKTEST' ELSE 'FORWARD' END;
