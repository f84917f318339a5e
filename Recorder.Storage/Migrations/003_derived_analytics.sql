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
