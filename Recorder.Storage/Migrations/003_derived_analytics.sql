-- Version 3: derived analytics tables (round trips, equity, execution quality). Derived data only: a file
-- upgraded to version 3 gets empty tables, filled by `recorder analyze`.
-- Round-trip trades of a run, and its positions still open at the end (is_open = 1, exit columns NULL).
CREATE TABLE run_trades (
  run_id             TEXT NOT NULL,
  trade_no           INTEGER NOT NULL,
  symbol             TEXT NOT NULL,
  account_id         TEXT,
  side               TEXT NOT NULL,
  quantity           REAL NOT NULL,
  entry_utc          TEXT NOT NULL,
  exit_utc           TEXT,
  entry_price        REAL NOT NULL,
  exit_price         REAL,
  gross_pnl          REAL,
  fees               REAL,
  net_pnl            REAL,
  pnl_percent        REAL,
  holding_seconds    REAL,
  mae                REAL,
  mfe                REAL,
  excursion_source   TEXT,
  entry_order_ids    TEXT,
  exit_order_ids     TEXT,
  entry_tag          TEXT,
  exit_tag           TEXT,
  exit_reason        TEXT,
  initial_stop       REAL,
  r_multiple         REAL,
  is_open            INTEGER NOT NULL DEFAULT 0,
  unrealized_pnl     REAL,
  PRIMARY KEY(run_id, trade_no),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

-- The run's equity curve (marked to market) and drawdown from the running peak.
CREATE TABLE run_equity (
  run_id             TEXT NOT NULL,
  seq                INTEGER NOT NULL,
  ts_utc             TEXT NOT NULL,
  equity             REAL NOT NULL,
  drawdown           REAL NOT NULL,
  drawdown_pct       REAL,
  PRIMARY KEY(run_id, seq),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

-- Execution quality per order: fill ratio, slippage against its reference price, latency to first and full fill.
CREATE TABLE run_order_quality (
  run_id             TEXT NOT NULL,
  order_id           TEXT NOT NULL,
  fill_count         INTEGER NOT NULL,
  filled_quantity    REAL NOT NULL,
  fill_ratio         REAL,
  avg_fill_price     REAL,
  reference_price    REAL,
  slippage_price     REAL,
  slippage_ticks     REAL,
  slippage_money     REAL,
  latency_first_fill_ms REAL,
  latency_full_fill_ms  REAL,
  PRIMARY KEY(run_id, order_id),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

-- ───────────────────────────────── v3: views for DB Browser (examples in README.md) ─────────────────────────────

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
       (SELECT value FROM run_metrics_kv k WHERE k.run_id = r.run_id AND k.key = 'trade_count') AS trade_count,
       (SELECT value FROM run_metrics_kv k WHERE k.run_id = r.run_id AND k.key = 'win_rate') AS win_rate,
       (SELECT value FROM run_metrics_kv k WHERE k.run_id = r.run_id AND k.key = 'profit_factor') AS profit_factor,
       (SELECT value FROM run_metrics_kv k WHERE k.run_id = r.run_id AND k.key = 'total_fees') AS total_fees,
       r.error_message
FROM strategy_runs r
JOIN strategy_instances i ON i.instance_id = r.instance_id
JOIN strategies s ON s.strategy_id = i.strategy_id;

-- Round-trip trades with their run and strategy; entry/exit order ids are JSON arrays.
CREATE VIEW v_trades AS
SELECT t.run_id, s.name AS strategy, i.instance_name, r.run_type, t.trade_no, t.symbol, t.account_id, t.side,
       t.quantity, t.entry_utc, t.exit_utc, t.entry_price, t.exit_price, t.gross_pnl, t.fees, t.net_pnl, t.pnl_percent,
       t.holding_seconds, t.mae, t.mfe, t.r_multiple, t.entry_tag, t.exit_tag, t.exit_reason,
       t.entry_order_ids, t.exit_order_ids, t.is_open, t.unrealized_pnl
FROM run_trades t
JOIN strategy_runs r ON r.run_id = t.run_id
JOIN strategy_instances i ON i.instance_id = r.instance_id
JOIN strategies s ON s.strategy_id = i.strategy_id;

-- Orders with their fills, fill ratio, slippage and latency.
CREATE VIEW v_orders AS
SELECT o.run_id, o.order_id, o.symbol, o.account_id, o.side, o.order_type, o.quantity, o.price, o.stop_price,
       o.status, o.submit_utc, o.update_utc, o.client_tag, o.position_impact,
       (SELECT COUNT(*) FROM executions x WHERE x.run_id = o.run_id AND x.order_id = o.order_id) AS fill_count,
       (SELECT SUM(x.quantity) FROM executions x WHERE x.run_id = o.run_id AND x.order_id = o.order_id) AS filled_quantity,
       (SELECT SUM(x.price * x.quantity) / SUM(x.quantity) FROM executions x
         WHERE x.run_id = o.run_id AND x.order_id = o.order_id) AS avg_fill_price,
       (SELECT SUM(x.quantity) FROM executions x WHERE x.run_id = o.run_id AND x.order_id = o.order_id) / o.quantity AS fill_ratio,
       q.reference_price, q.slippage_price, q.slippage_ticks, q.slippage_money,
       q.latency_first_fill_ms, q.latency_full_fill_ms
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

-- Parameter sets compared across their runs.
CREATE VIEW v_instance_comparison AS
SELECT i.instance_id, s.name AS strategy, i.instance_name, i.config_hash, i.parameters_json, i.symbol, i.timeframe,
       COUNT(*) AS runs,
       SUM(v.run_type = 'BACKTEST') AS backtest_runs, SUM(v.run_type IN ('LIVE', 'PAPER', 'REPLAY')) AS forward_runs,
       SUM(v.trade_count) AS trades, SUM(v.net_pnl) AS total_net_pnl, AVG(v.net_pnl) AS avg_net_pnl,
       MIN(v.net_pnl) AS worst_net_pnl, MAX(v.net_pnl) AS best_net_pnl, AVG(v.sharpe) AS avg_sharpe,
       MAX(v.max_drawdown_pct) AS worst_max_drawdown_pct, AVG(v.win_rate) AS avg_win_rate,
       AVG(v.profit_factor) AS avg_profit_factor
FROM strategy_instances i
JOIN strategies s ON s.strategy_id = i.strategy_id
JOIN v_runs v ON v.instance_id = i.instance_id
GROUP BY i.instance_id;
