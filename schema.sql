-- QuantowerRecorder — the v2 "event-first" schema, current version.
--
-- This file is the single source of truth (docs/decisions.md, 1). It is embedded into Recorder.Storage and
-- creates a fresh database at the newest version. Older files are upgraded in place by Recorder.Storage/Migrations;
-- a test checks that a file created at version 1 and migrated up has exactly this schema.
--
-- Table and column names of the v2 design (shared/seeds/000) are kept unchanged. Everything the design did not
-- have is additive: extra columns sit at the end of their table (where ALTER TABLE ADD COLUMN puts them) and extra
-- tables/indexes are marked "v2 addition".
--
-- Conventions:
--   * timestamps are UTC ISO-8601 text of fixed width 'yyyy-MM-ddTHH:mm:ss.fffffffZ' (text order = time order);
--   * ids are text: strategy_id / instance_id are name-based UUIDs, run_id is a time-ordered UUID (v7);
--   * enumerations are upper-case text: run_type LIVE|PAPER|REPLAY|BACKTEST, position_impact
--     OPEN|CLOSE|REDUCE|REVERSE|UNKNOWN, status RUNNING|COMPLETED|FAILED|CANCELED|ABANDONED;
--     orders.status OPENED|PARTIALLY_FILLED|FILLED|CANCELED|REFUSED|INACTIVE|… (CANCELED, one spelling, since v4).
--
-- Schema version: 26 (PRAGMA user_version and schema_meta.schema_version).

-- ───────────────────────────────── strategies → instances → runs ─────────────────────────────────

CREATE TABLE strategies (
  strategy_id        TEXT PRIMARY KEY,
  name               TEXT NOT NULL,
  version            TEXT,
  vendor             TEXT,
  source_ref         TEXT,
  created_utc        TEXT NOT NULL,
  notes              TEXT
);

CREATE TABLE strategy_instances (
  instance_id        TEXT PRIMARY KEY,
  strategy_id        TEXT NOT NULL,
  instance_name      TEXT,
  parameters_json    TEXT NOT NULL,
  symbol             TEXT,
  symbols_json       TEXT,
  timeframe          TEXT,
  account_id         TEXT,
  venue              TEXT,
  created_utc        TEXT NOT NULL,
  config_hash        TEXT,                        -- v2 addition: SHA-256 of the canonical configuration
  FOREIGN KEY(strategy_id) REFERENCES strategies(strategy_id)
);

CREATE TABLE strategy_runs (
  run_id             TEXT PRIMARY KEY,
  instance_id        TEXT NOT NULL,
  run_type           TEXT NOT NULL,
  start_utc          TEXT NOT NULL,
  end_utc            TEXT,
  status             TEXT NOT NULL,
  engine_version     TEXT,
  data_source        TEXT,
  initial_balance    REAL,
  base_currency      TEXT,
  metrics_json       TEXT,
  created_utc        TEXT NOT NULL,
  processed_count    INTEGER NOT NULL DEFAULT 0,  -- v2 addition: progress of long runs (backtests)
  total_count        INTEGER,                     -- v2 addition
  progress_percent   REAL,                        -- v2 addition: 0..100
  last_progress_utc  TEXT,                        -- v2 addition
  error_message      TEXT,                        -- v2 addition: why a run FAILED, or how it was ABANDONED
  fingerprint_json   TEXT,                        -- v2 addition: reproducibility (assembly, version, sha256, platform)
  source_terminal    TEXT,                        -- v5 addition: the terminal/machine that recorded the run
  FOREIGN KEY(instance_id) REFERENCES strategy_instances(instance_id)
);

CREATE INDEX idx_runs_instance_time ON strategy_runs(instance_id, start_utc);
CREATE INDEX idx_runs_type_status  ON strategy_runs(run_type, status);

-- The runs still running (v20): what a writer that opens the file checks for crashed recorders, read without going
-- through every run that ended.
CREATE INDEX idx_runs_running ON strategy_runs(status) WHERE status = 'RUNNING';

-- The runs an author named the same study (v21; RunRecorderOptions.Study, in the fingerprint): found with a run's
-- trials without reading every run (docs/metrics.md, "Trials"). A fingerprint that is not JSON names none.
CREATE INDEX idx_runs_author_study ON strategy_runs(
  (CASE WHEN json_valid(fingerprint_json) THEN json_extract(fingerprint_json, '$.study') END));

-- ───────────────────────────────── orders and executions ─────────────────────────────────

CREATE TABLE orders (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id             TEXT NOT NULL,
  strategy_id        TEXT,
  order_id           TEXT NOT NULL,
  parent_order_id    TEXT,
  symbol             TEXT NOT NULL,
  account_id         TEXT,
  side               TEXT NOT NULL,
  order_type         TEXT NOT NULL,
  tif                TEXT,
  quantity           REAL NOT NULL,
  price              REAL,
  stop_price         REAL,
  status             TEXT NOT NULL,
  submit_utc         TEXT NOT NULL,
  update_utc         TEXT,
  client_tag         TEXT,
  position_impact    TEXT NOT NULL DEFAULT 'UNKNOWN',
  extra_json         TEXT,
  last_sequence      INTEGER,                     -- v2 addition: sequence of the snapshot stored (newest wins)
  filled_quantity    REAL,                        -- v2 addition: cumulative filled quantity of the snapshot
  avg_fill_price     REAL,                        -- v2 addition
  UNIQUE(run_id, order_id),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

CREATE INDEX idx_orders_run_time   ON orders(run_id, submit_utc);
CREATE INDEX idx_orders_orderid    ON orders(order_id);
CREATE INDEX idx_orders_symbol     ON orders(symbol);
CREATE INDEX idx_orders_status     ON orders(status);

-- No foreign key to orders: a fill may arrive before its order (docs/decisions.md, 5).
CREATE TABLE executions (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id             TEXT NOT NULL,
  execution_id       TEXT NOT NULL,
  order_id           TEXT NOT NULL,
  exec_utc           TEXT NOT NULL,
  price              REAL NOT NULL,
  quantity           REAL NOT NULL,
  fee                REAL,
  fee_currency       TEXT,
  liquidity          TEXT,
  extra_json         TEXT,
  symbol             TEXT,                        -- v2 addition: what the fill traded (for position and PnL)
  account_id         TEXT,                        -- v2 addition
  side               TEXT,                        -- v2 addition: BUY|SELL
  position_impact    TEXT NOT NULL DEFAULT 'UNKNOWN', -- v2 addition: given by the source or inferred
  UNIQUE(run_id, execution_id),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

CREATE INDEX idx_exec_run_time     ON executions(run_id, exec_utc);
CREATE INDEX idx_exec_order        ON executions(run_id, order_id);

-- ───────────────────────────────── OCO groups ─────────────────────────────────

CREATE TABLE order_oco_groups (
  oco_group_id       TEXT PRIMARY KEY,
  run_id             TEXT NOT NULL,
  created_utc        TEXT NOT NULL,
  label              TEXT,
  extra_json         TEXT,
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

CREATE INDEX idx_oco_run ON order_oco_groups(run_id);

CREATE TABLE order_oco_links (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id             TEXT NOT NULL,
  oco_group_id       TEXT NOT NULL,
  order_id           TEXT NOT NULL,
  oco_role           TEXT,
  position_impact    TEXT NOT NULL DEFAULT 'UNKNOWN',
  UNIQUE(run_id, oco_group_id, order_id),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id),
  FOREIGN KEY(oco_group_id) REFERENCES order_oco_groups(oco_group_id)
);

CREATE INDEX idx_oco_links_order ON order_oco_links(run_id, order_id);

-- ───────────────────────────────── bar series ─────────────────────────────────

-- A bar is a fact about a market at a time (docs/decisions.md, 14; v17). A market is a symbol, a timeframe, a provider
-- and a kind of bar (plain, or with a volumetric payload); its bars are stored once under its small integer key, whoever
-- saw them, and a run's series is the market plus the stretch of time the run saw (first_bar … last_bar).
CREATE TABLE bar_markets (
  market_id          INTEGER PRIMARY KEY,
  symbol             TEXT NOT NULL,
  timeframe          TEXT NOT NULL,
  source             TEXT NOT NULL,               -- the series' provider, '' when it named none
  volumetric         INTEGER NOT NULL,            -- 1: bars with a volumetric payload, 0: plain bars
  UNIQUE(symbol, timeframe, source, volumetric)
);

CREATE TABLE run_series (
  series_id          TEXT PRIMARY KEY,
  run_id             TEXT NOT NULL,
  symbol             TEXT NOT NULL,
  timeframe          TEXT NOT NULL,
  source             TEXT,
  start_utc          TEXT,
  end_utc            TEXT,
  has_volumetric     INTEGER NOT NULL DEFAULT 0,
  created_utc        TEXT NOT NULL,
  market_id          INTEGER,                     -- v17: the market its bars are stored under (bar_markets)
  first_bar          INTEGER,                     -- v17: the open times of its first and last bar (100-ns units since
  last_bar           INTEGER,                     --      1970-01-01 UTC, as market_bars.ts): the stretch it saw
  UNIQUE(run_id, symbol, timeframe),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

-- The design's idx_series_run(run_id) is served by the UNIQUE(run_id, …) index above (dropped in v5: same lookups,
-- one index less to write).

-- A market's bars, one row per bar time: the first values stored for it. No second index, no row id.
-- forming_utc is NULL for a closed bar; for a bar stored while it was still forming, the time of that state (100-ns
-- units): a newer state replaces it, an older one never does (docs/decisions.md, 14).
CREATE TABLE market_bars (
  market_id          INTEGER NOT NULL,
  ts                 INTEGER NOT NULL,            -- the bar's open time, 100-ns units since 1970-01-01 UTC
  open               REAL NOT NULL,
  high               REAL NOT NULL,
  low                REAL NOT NULL,
  close              REAL NOT NULL,
  volume             REAL,
  volumetric_json    TEXT,
  forming_utc        INTEGER,
  PRIMARY KEY(market_id, ts)
) WITHOUT ROWID;

-- A series' own values where they differ from its market's (a provider's corrected history, a forming bar that ended
-- otherwise for another run): the earlier run keeps what it saw, the later one reads its own. Rare; empty when every
-- run saw the same bars.
CREATE TABLE series_bars (
  series_id          TEXT NOT NULL,
  ts                 INTEGER NOT NULL,
  open               REAL NOT NULL,
  high               REAL NOT NULL,
  low                REAL NOT NULL,
  close              REAL NOT NULL,
  volume             REAL,
  volumetric_json    TEXT,
  forming_utc        INTEGER,
  PRIMARY KEY(series_id, ts)
) WITHOUT ROWID;

-- The times inside a series' stretch that it did not see (v20): its market holds a bar there that another run saw — in
-- a gap of the series' own (a dropped connection) or beside its bars, recorded before or after them. What a series
-- covers is recorded, not inferred (docs/decisions.md, 14): its stretch less these. Rare; empty when every run that
-- shares a market saw the same times. A time is here only while its market holds a bar there.
CREATE TABLE series_unseen (
  series_id          TEXT NOT NULL,
  ts                 INTEGER NOT NULL,
  PRIMARY KEY(series_id, ts)
) WITHOUT ROWID;

-- A market's series by where their stretches start: whose stretch holds a time (a bar stored inside other runs'
-- stretches, a market's bar that moves).
CREATE INDEX idx_series_market ON run_series(market_id, first_bar);

-- Each series' bars with their state: its market's bar at every time of its stretch it saw, unless it has its own there.
CREATE VIEW v_series_bars AS
SELECT s.series_id, b.ts, b.open, b.high, b.low, b.close, b.volume, b.volumetric_json, b.forming_utc
FROM run_series s
JOIN market_bars b ON b.market_id = s.market_id AND b.ts BETWEEN s.first_bar AND s.last_bar
WHERE NOT EXISTS (SELECT 1 FROM series_bars o WHERE o.series_id = s.series_id AND o.ts = b.ts)
  AND NOT EXISTS (SELECT 1 FROM series_unseen u WHERE u.series_id = s.series_id AND u.ts = b.ts)
UNION ALL
SELECT o.series_id, o.ts, o.open, o.high, o.low, o.close, o.volume, o.volumetric_json, o.forming_utc
FROM series_bars o;

-- The design's bars table, as every reader sees it: a run's bars are still bars joined with run_series on series_id,
-- ts_utc the fixed-width text of docs/decisions.md 7.
CREATE VIEW bars AS
SELECT series_id,
       strftime('%Y-%m-%dT%H:%M:%S', ts / 10000000, 'unixepoch') || printf('.%07dZ', ts % 10000000) AS ts_utc,
       open, high, low, close, volume, volumetric_json
FROM v_series_bars;

-- Each run's bars with what a quant asks first: the run, the symbol and the timeframe.
CREATE VIEW v_run_bars AS
SELECT s.run_id, s.symbol, s.timeframe, s.source, b.series_id, b.ts_utc, b.open, b.high, b.low, b.close, b.volume,
       b.volumetric_json
FROM bars b
JOIN run_series s ON s.series_id = b.series_id;

-- ───────────────────────────────── raw event log and metrics ─────────────────────────────────

CREATE TABLE ingest_events (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id             TEXT NOT NULL,
  event_type         TEXT NOT NULL,
  event_utc          TEXT NOT NULL,
  payload_json       TEXT NOT NULL,
  received_utc       TEXT NOT NULL,
  sequence           INTEGER,                     -- v2 addition: per-run order of arrival
  source             TEXT,                        -- v2 addition: LIVE|PAPER|REPLAY|BACKTEST
  payload_version    INTEGER,                     -- v2 addition: version of payload_json's shape (2: without
                                                  -- run_id and event_utc, which are this row's columns; v_events)
  instance_id        TEXT,                        -- v2 addition; NULL since v8 (the run's row says it; v_events)
  strategy_id        TEXT,                        -- v2 addition; NULL since v8 (the run's instance says it; v_events)
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

CREATE INDEX idx_ingest_run_time ON ingest_events(run_id, event_utc);

CREATE TABLE run_metrics_kv (
  run_id             TEXT NOT NULL,
  key                TEXT NOT NULL,
  value              REAL,
  unit               TEXT,
  PRIMARY KEY(run_id, key),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

-- ───────────────────────────────── v2 additions ─────────────────────────────────

-- Key/value facts about the file itself: schema_version, created_utc, created_by.
CREATE TABLE schema_meta (
  key                TEXT PRIMARY KEY,
  value              TEXT
);

CREATE INDEX idx_instances_config_hash ON strategy_instances(config_hash);
-- A strategy's parameter sets (v21): the runs a run's trials are chosen among (docs/metrics.md, "Trials").
CREATE INDEX idx_instances_strategy ON strategy_instances(strategy_id);

-- Events that could not be stored, with the reason and the raw payload. No foreign keys: whatever was wrong with
-- the event (an unknown run, say) must not stop it from being kept here.
CREATE TABLE ingest_quarantine (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id             TEXT,
  event_type         TEXT NOT NULL,
  sequence           INTEGER,
  reason             TEXT NOT NULL,
  payload_json       TEXT NOT NULL,
  received_utc       TEXT NOT NULL,
  quarantined_utc    TEXT NOT NULL
);

CREATE INDEX idx_quarantine_run ON ingest_quarantine(run_id);

-- ───────────────────────────────── v3: derived analytics (rebuilt by `recorder analyze`) ─────────────────────────
-- Everything below is computed from executions, orders and bars by Recorder.Analytics (definitions in
-- docs/metrics.md). Recomputing a run replaces its rows; dropping these tables loses nothing.

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
  exit_reason        TEXT,                        -- TP|SL|REVERSAL|OTHER (docs/metrics.md)
  initial_stop       REAL,
  r_multiple         REAL,
  is_open            INTEGER NOT NULL DEFAULT 0,
  unrealized_pnl     REAL,
  PRIMARY KEY(run_id, trade_no),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

-- The run's equity curve (marked to market) and drawdown from the running peak. A row stands for its point and
-- `repeats` more with the same equity and drawdown, `repeat_step_ticks` (100 ns) apart, numbered seq+1 … seq+repeats:
-- a flat stride between fills is one row (docs/metrics.md, "Equity curve"). The rows are stored in equity_data under
-- a small key per run (equity_runs), without rowid, a point's time as an integer and without its drawdown (schema 18);
-- a stride that follows a series' bars under one position is one row marked on them (mark_series, mark_factor:
-- schema 19, below); run_equity is the view with the design's columns, to read: the analysis, merge and prune write
-- equity_runs and equity_data (schema 25 took its triggers away).
CREATE TABLE equity_runs (
  run_key            INTEGER PRIMARY KEY,
  run_id             TEXT NOT NULL UNIQUE,
  pct_known          INTEGER NOT NULL DEFAULT 0,
  money_decimals     INTEGER,                     -- v24: the decimals its money is stored at; NULL for curves stored before
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

-- mark_series: NULL for a point (and its repeats); else the series whose bars the stride is marked on. Its equity is
-- then the stride's base and mark_factor its open quantity × point value: the point of each bar on the stride's step
-- (repeat_step_ticks), from the first (at ts, one step after its bar's start) for 1 + repeats bars, is base + factor ×
-- that bar's close, at the bar's end.
CREATE TABLE equity_data (
  run_key            INTEGER NOT NULL,
  seq                INTEGER NOT NULL,
  ts                 INTEGER NOT NULL,
  equity             REAL NOT NULL,
  repeats            INTEGER NOT NULL DEFAULT 0,
  repeat_step_ticks  INTEGER NOT NULL DEFAULT 0,
  mark_series        TEXT,
  mark_factor        REAL,
  PRIMARY KEY(run_key, seq),
  FOREIGN KEY(run_key) REFERENCES equity_runs(run_key)
) WITHOUT ROWID;

-- Every run's points as stored rows, marked strides computed: a point or a flat stride (repeats) as it is kept, and
-- one row per bar of a marked stride, the series' bars as v_series_bars gives them (the one place that says which bars
-- are a series': schema 26), and only the bars on the stride's step.
CREATE VIEW v_equity_rows AS
SELECT k.run_id, k.pct_known, k.money_decimals, d.seq, d.ts, d.equity, d.repeats, d.repeat_step_ticks
FROM equity_data d JOIN equity_runs k ON k.run_key = d.run_key
WHERE d.mark_series IS NULL
UNION ALL
SELECT k.run_id, k.pct_known, k.money_decimals, d.seq + (b.ts + d.repeat_step_ticks - d.ts) / d.repeat_step_ticks, b.ts + d.repeat_step_ticks,
       CASE WHEN k.money_decimals IS NULL THEN d.equity + d.mark_factor * b.close
            ELSE ROUND(d.equity + d.mark_factor * b.close, k.money_decimals) END, 0, 0
FROM equity_data d JOIN equity_runs k ON k.run_key = d.run_key
JOIN v_series_bars b ON b.series_id = d.mark_series
 AND b.ts BETWEEN d.ts - d.repeat_step_ticks AND d.ts + (d.repeats - 1) * d.repeat_step_ticks
WHERE d.mark_series IS NOT NULL AND (b.ts + d.repeat_step_ticks - d.ts) % d.repeat_step_ticks = 0;

-- The design's columns, as in version 18: drawdown from the running peak of the run's points (seq order), drawdown_pct
-- its share of that peak when the initial balance is known and the peak above zero. The window is partitioned by
-- run_id, so a filter on run_id reads that run's rows alone.
CREATE VIEW run_equity AS
SELECT run_id, seq,
       strftime('%Y-%m-%dT%H:%M:%S', ts / 10000000, 'unixepoch') || printf('.%07dZ', ts % 10000000) AS ts_utc,
       equity, CASE WHEN money_decimals IS NULL THEN peak - equity ELSE ROUND(peak - equity, money_decimals) END AS drawdown,
       CASE WHEN pct_known AND peak > 0 THEN CASE WHEN money_decimals IS NULL THEN (peak - equity) / peak * 100
                                                  ELSE ROUND((peak - equity) / peak * 100, 6) END END AS drawdown_pct,
       repeats, repeat_step_ticks
FROM (SELECT run_id, pct_known, money_decimals, seq, ts, equity, repeats, repeat_step_ticks,
             MAX(equity) OVER (PARTITION BY run_id ORDER BY seq ROWS UNBOUNDED PRECEDING) AS peak
      FROM v_equity_rows);

-- The equity curve one row per point, as a quant reads it: flat strides unfolded too (a row and its repeats,
-- repeat_step_ticks apart, numbered seq … seq + repeats, counted off a JSON array of 1 + repeats elements). Not a
-- recursive query, which SQLite would compute for the whole file first: a filter on run_id reads that run's rows alone.
CREATE VIEW v_equity_points AS
SELECT e.run_id, e.seq + n.key AS seq,
       strftime('%Y-%m-%dT%H:%M:%S', (e.ts + n.key * e.repeat_step_ticks) / 10000000, 'unixepoch')
         || printf('.%07dZ', (e.ts + n.key * e.repeat_step_ticks) % 10000000) AS ts_utc,
       e.equity, CASE WHEN e.money_decimals IS NULL THEN e.peak - e.equity ELSE ROUND(e.peak - e.equity, e.money_decimals) END AS drawdown,
       CASE WHEN e.pct_known AND e.peak > 0 THEN CASE WHEN e.money_decimals IS NULL THEN (e.peak - e.equity) / e.peak * 100
                                                      ELSE ROUND((e.peak - e.equity) / e.peak * 100, 6) END END AS drawdown_pct
FROM (SELECT run_id, pct_known, money_decimals, seq, ts, equity, repeats, repeat_step_ticks,
             MAX(equity) OVER (PARTITION BY run_id ORDER BY seq ROWS UNBOUNDED PRECEDING) AS peak
      FROM v_equity_rows) e
JOIN json_each('[' || substr(replace(hex(zeroblob(e.repeats + 1)), '00', ',0'), 2) || ']') n;

-- Execution quality per order: fill ratio (capped at 1), slippage against its reference price, latency to first and
-- full fill of orders that could fill at once, time to fill of resting orders.
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
  marketable         INTEGER,                     -- v4: 1 could fill at once, 0 resting, NULL not known
  time_to_fill_ms    REAL,                        -- v4: first fill of a resting order
  overfilled_quantity REAL,                       -- v4: filled beyond the ordered quantity
  PRIMARY KEY(run_id, order_id),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

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

-- One row per run: who ran what, how it ended, and its key metrics. account_id: the accounts the run's orders and fills
-- name, each once, in text order joined by ', ' (one account: that account); the instance's when they name none.
CREATE VIEW v_runs AS
SELECT r.run_id, r.instance_id, s.name AS strategy, s.version AS strategy_version, i.instance_name, i.config_hash,
       i.parameters_json, i.symbol, i.timeframe,
       COALESCE((SELECT group_concat(a.account_id, ', ')
                   FROM (SELECT o.account_id FROM orders o WHERE o.run_id = r.run_id AND o.account_id IS NOT NULL
                         UNION
                         SELECT x.account_id FROM executions x WHERE x.run_id = r.run_id AND x.account_id IS NOT NULL
                         ORDER BY 1) a),
                i.account_id) AS account_id,
       r.run_type, r.status, r.start_utc, r.end_utc,
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

-- OCO groups with their legs (role:order:status) and the leg that won (the first to fill). A leg is looked up by its
-- group's run too (the writer refuses a link to another run's group): the run's indexes, not every link of the file.
-- CROSS JOIN keeps SQLite to that order — the group's few legs, then their fills — rather than walking all the run's
-- fills in time order for each group to spare a sort.
CREATE VIEW v_oco_groups AS
SELECT g.run_id, g.oco_group_id, g.label, g.created_utc,
       (SELECT group_concat(COALESCE(l.oco_role, '?') || ':' || l.order_id || ':' || COALESCE(o.status, 'UNSEEN'), ' | ')
          FROM order_oco_links l LEFT JOIN orders o ON o.run_id = l.run_id AND o.order_id = l.order_id
         WHERE l.run_id = g.run_id AND l.oco_group_id = g.oco_group_id) AS legs,
       (SELECT l.oco_role FROM order_oco_links l
          CROSS JOIN executions x ON x.run_id = l.run_id AND x.order_id = l.order_id
         WHERE l.run_id = g.run_id AND l.oco_group_id = g.oco_group_id AND COALESCE(l.oco_role, '') <> 'ENTRY'
         ORDER BY x.exec_utc, x.id LIMIT 1) AS winning_role,
       (SELECT l.order_id FROM order_oco_links l
          CROSS JOIN executions x ON x.run_id = l.run_id AND x.order_id = l.order_id
         WHERE l.run_id = g.run_id AND l.oco_group_id = g.oco_group_id AND COALESCE(l.oco_role, '') <> 'ENTRY'
         ORDER BY x.exec_utc, x.id LIMIT 1) AS winning_order_id
FROM order_oco_groups g;

-- Parameter sets compared across their runs, backtests and forward runs (LIVE, PAPER, REPLAY) apart: one row per
-- instance and phase. Money is summed only when the runs share one currency; otherwise it is NULL and `currency`
-- says MIXED. Win rate and profit factor pool the closed trades of the runs (one definition with `recorder compare`).
CREATE VIEW v_instance_comparison AS
SELECT i.instance_id, s.name AS strategy, i.instance_name, i.config_hash, i.parameters_json, i.symbol, i.timeframe,
       CASE WHEN v.run_type = 'BACKTEST' THEN 'BACKTEST' ELSE 'FORWARD' END AS phase,
       COUNT(*) AS runs,
       SUM(v.run_type = 'BACKTEST') AS backtest_runs, SUM(v.run_type IN ('LIVE', 'PAPER', 'REPLAY')) AS forward_runs,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR MAX(v.currency = 'MIXED') THEN 'MIXED' ELSE MAX(v.currency) END AS currency,
       CAST(SUM(v.trade_count) AS INTEGER) AS trades,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR MAX(v.currency = 'MIXED') THEN NULL ELSE ROUND(SUM(v.net_pnl), MAX(COALESCE(json_extract(m.metrics_json, '$.money_decimals'), 8))) END AS total_net_pnl,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR MAX(v.currency = 'MIXED') THEN NULL ELSE ROUND(AVG(v.net_pnl), MAX(COALESCE(json_extract(m.metrics_json, '$.money_decimals'), 8))) END AS avg_net_pnl,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR MAX(v.currency = 'MIXED') THEN NULL ELSE MIN(v.net_pnl) END AS worst_net_pnl,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR MAX(v.currency = 'MIXED') THEN NULL ELSE MAX(v.net_pnl) END AS best_net_pnl,
       AVG(v.sharpe) AS avg_sharpe,
       MAX(v.max_drawdown_pct) AS worst_max_drawdown_pct,
       CASE WHEN SUM(t.closed) > 0 THEN ROUND(100.0 * SUM(t.wins) / SUM(t.closed), 6) END AS win_rate,
       CASE WHEN COUNT(DISTINCT v.currency) > 1 OR MAX(v.currency = 'MIXED') OR NOT SUM(t.losses) > 0 THEN NULL
            ELSE SUM(t.gross_profit) / -SUM(t.gross_loss) END AS profit_factor
FROM strategy_instances i
JOIN strategies s ON s.strategy_id = i.strategy_id
JOIN v_runs v ON v.instance_id = i.instance_id
JOIN strategy_runs m ON m.run_id = v.run_id
LEFT JOIN (SELECT run_id, COUNT(*) AS closed, SUM(net_pnl > 0) AS wins, SUM(net_pnl < 0) AS losses,
                  SUM(CASE WHEN net_pnl > 0 THEN net_pnl ELSE 0 END) AS gross_profit,
                  SUM(CASE WHEN net_pnl < 0 THEN net_pnl ELSE 0 END) AS gross_loss
           FROM run_trades WHERE is_open = 0 AND net_pnl IS NOT NULL GROUP BY run_id) t ON t.run_id = v.run_id
GROUP BY i.instance_id, CASE WHEN v.run_type = 'BACKTEST' THEN 'BACKTEST' ELSE 'FORWARD' END;

-- Every event of the raw log as `recorder import` reads it: the stored payload with its row's run, time and kind put
-- back (payload version 2 leaves them to the row's columns). `SELECT event_json FROM v_events ORDER BY id` is a file
-- another recorder can import. The row's instance and strategy come from its run (the writer leaves them NULL on the
-- row since v8; older rows keep theirs). A stretch of bars (BARS_STORED since v17, BARS_SHARED before) reads as one BAR
-- event per bar the series shows in its times, with its values and state and the row's id. A bar that several of a
-- series' stretches name (a bar stored forming, then closed in a later batch) is listed once, under the last of them,
-- the one that stored its state (v22). Its prices and volume are written with as many digits as give the stored double
-- back (15, else 17): json_object writes a REAL with 15, so 63.824999999999996 read back as 63.825, another bar state,
-- and a run's own events imported again stored bars (v22).
CREATE VIEW v_events AS
SELECT e.id, e.run_id, e.event_type, e.event_utc, e.sequence,
       json_set(e.payload_json, '$.event_type', e.event_type, '$.run_id', e.run_id, '$.event_utc', e.event_utc,
                '$.source', e.source) AS event_json,
       COALESCE(e.instance_id, r.instance_id) AS instance_id,
       COALESCE(e.strategy_id, i.strategy_id) AS strategy_id
FROM ingest_events e
LEFT JOIN strategy_runs r ON r.run_id = e.run_id
LEFT JOIN strategy_instances i ON i.instance_id = r.instance_id
WHERE e.event_type NOT IN ('BARS_SHARED', 'BARS_STORED')
UNION ALL
SELECT b.id, b.run_id, 'BAR', b.event_utc, b.sequence,
       json_object('series_id', b.series_id,
                   'open_utc', strftime('%Y-%m-%dT%H:%M:%S', b.ts / 10000000, 'unixepoch') || printf('.%07dZ', b.ts % 10000000),
                   'open', json(CASE WHEN CAST(printf('%!.15g', b.open) AS REAL) = b.open THEN printf('%!.15g', b.open) ELSE printf('%!.17g', b.open) END),
                   'high', json(CASE WHEN CAST(printf('%!.15g', b.high) AS REAL) = b.high THEN printf('%!.15g', b.high) ELSE printf('%!.17g', b.high) END),
                   'low', json(CASE WHEN CAST(printf('%!.15g', b.low) AS REAL) = b.low THEN printf('%!.15g', b.low) ELSE printf('%!.17g', b.low) END),
                   'close', json(CASE WHEN CAST(printf('%!.15g', b.close) AS REAL) = b.close THEN printf('%!.15g', b.close) ELSE printf('%!.17g', b.close) END),
                   'volume', json(CASE WHEN b.volume IS NULL THEN NULL WHEN CAST(printf('%!.15g', b.volume) AS REAL) = b.volume THEN printf('%!.15g', b.volume) ELSE printf('%!.17g', b.volume) END),
                   'volumetric_json', json(b.volumetric_json), 'is_closed', json(CASE WHEN b.forming_utc IS NULL THEN 'true' ELSE 'false' END),
                   'event_type', 'BAR', 'run_id', b.run_id, 'event_utc', b.event_utc, 'source', b.source) AS event_json,
       COALESCE(b.instance_id, r.instance_id) AS instance_id,
       COALESCE(b.strategy_id, i.strategy_id) AS strategy_id
FROM (SELECT e.id, e.run_id, e.event_utc, e.sequence, e.source, e.instance_id, e.strategy_id,
             s.series_id, s.ts, s.open, s.high, s.low, s.close, s.volume, s.volumetric_json, s.forming_utc,
             ROW_NUMBER() OVER (PARTITION BY e.run_id, s.series_id, s.ts ORDER BY e.id DESC) AS listing
      FROM ingest_events e
      JOIN v_series_bars s ON s.series_id = json_extract(e.payload_json, '$.series_id')
           AND s.ts BETWEEN CAST(strftime('%s', substr(json_extract(e.payload_json, '$.first_utc'), 1, 19)) AS INTEGER) * 10000000
                            + CAST(substr(json_extract(e.payload_json, '$.first_utc'), 21, 7) AS INTEGER)
                        AND CAST(strftime('%s', substr(json_extract(e.payload_json, '$.last_utc'), 1, 19)) AS INTEGER) * 10000000
                            + CAST(substr(json_extract(e.payload_json, '$.last_utc'), 21, 7) AS INTEGER)
      WHERE e.event_type IN ('BARS_SHARED', 'BARS_STORED')) b
LEFT JOIN strategy_runs r ON r.run_id = b.run_id
LEFT JOIN strategy_instances i ON i.instance_id = r.instance_id
WHERE b.listing = 1;

-- ───────────────────────────────── insight (v6 addition; docs/metrics.md, "Insight") ─────────────────────────────
-- Decision marks are recorded facts (the DECISION event, docs/events.md); shortfall per order and context per trade
-- are derived like run_trades and rebuilt by every analysis.
CREATE TABLE order_decisions (
  run_id             TEXT NOT NULL,
  decision_id        TEXT NOT NULL,
  decided_utc        TEXT NOT NULL,
  signal             TEXT,
  symbol             TEXT NOT NULL,
  side               TEXT NOT NULL,
  quantity           REAL NOT NULL,
  price              REAL NOT NULL,
  order_id           TEXT,                        -- the order placed on this decision; NULL until one is tied
  PRIMARY KEY(run_id, decision_id),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

CREATE INDEX idx_decisions_order ON order_decisions(run_id, order_id);

CREATE TABLE run_order_shortfall (
  run_id               TEXT NOT NULL,
  order_id             TEXT NOT NULL,
  symbol               TEXT NOT NULL,
  side                 TEXT NOT NULL,
  decision_id          TEXT,
  has_decision         INTEGER NOT NULL,          -- 0: no decision mark, delay is unknown (NULL), never a guessed 0
  intended_quantity    REAL NOT NULL,
  filled_quantity      REAL NOT NULL,
  decision_price       REAL,
  submission_price     REAL,
  avg_fill_price       REAL,
  end_price            REAL,
  delay                REAL,
  delay_unknown        TEXT,                      -- why delay is NULL
  execution            REAL,
  execution_unknown    TEXT,
  fees                 REAL NOT NULL,
  opportunity          REAL,
  opportunity_unknown  TEXT,
  total                REAL NOT NULL,             -- Σ of the known parts
  complete             INTEGER NOT NULL,          -- 1 when every part is known
  point_value_assumed  INTEGER NOT NULL,
  PRIMARY KEY(run_id, order_id),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

CREATE TABLE run_trade_context (
  run_id               TEXT NOT NULL,
  trade_no             INTEGER NOT NULL,
  entry_bar_utc        TEXT,
  entry_delta          REAL,
  entry_cum_delta      REAL,
  entry_poc_ticks      REAL,
  entry_imbalance      REAL,
  exit_bar_utc         TEXT,
  exit_delta           REAL,
  exit_cum_delta       REAL,
  exit_poc_ticks       REAL,
  exit_imbalance       REAL,
  bracket_outcome      TEXT,                      -- TARGET|STOP|MANUAL|REVERSAL|SCRATCH; NULL without a bracket
  stop_order_id        TEXT,
  target_order_id      TEXT,
  initial_stop         REAL,
  final_stop           REAL,
  target_price         REAL,
  stop_moves           INTEGER,
  stop_moved_ticks     REAL,
  time_to_outcome_s    REAL,
  placed_reward_risk   REAL,
  got_reward_risk      REAL,
  etd                  REAL,
  entry_efficiency     REAL,
  exit_efficiency      REAL,
  total_efficiency     REAL,
  PRIMARY KEY(run_id, trade_no),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

-- Closed trades by the sign of their entry bar's delta (docs/metrics.md, "PnL by delta sign at entry").
CREATE VIEW v_pnl_by_entry_delta AS
SELECT t.run_id,
       CASE WHEN c.entry_delta > 0 THEN 'POSITIVE' WHEN c.entry_delta < 0 THEN 'NEGATIVE'
            WHEN c.entry_delta = 0 THEN 'ZERO' ELSE 'UNKNOWN' END AS entry_delta_sign,
       COUNT(*) AS trades,
       SUM(CASE WHEN t.net_pnl > 0 THEN 1 ELSE 0 END) AS wins,
       ROUND(SUM(t.net_pnl), (SELECT COALESCE(json_extract(m.metrics_json, '$.money_decimals'), 8) FROM strategy_runs m WHERE m.run_id = t.run_id)) AS net_pnl,
       ROUND(AVG(t.net_pnl), (SELECT COALESCE(json_extract(m.metrics_json, '$.money_decimals'), 8) FROM strategy_runs m WHERE m.run_id = t.run_id)) AS avg_net_pnl
FROM run_trades t
LEFT JOIN run_trade_context c ON c.run_id = t.run_id AND c.trade_no = t.trade_no
WHERE t.is_open = 0
GROUP BY t.run_id, 2;

-- Bracketed trades of each run by outcome (docs/metrics.md, "Brackets").
CREATE VIEW v_bracket_outcomes AS
SELECT c.run_id, c.bracket_outcome, COUNT(*) AS trades,
       SUM(CASE WHEN c.stop_moves > 0 THEN 1 ELSE 0 END) AS stop_moved,
       AVG(c.stop_moves) AS avg_stop_moves,
       AVG(c.placed_reward_risk) AS avg_placed_reward_risk,
       AVG(c.got_reward_risk) AS avg_got_reward_risk,
       AVG(c.time_to_outcome_s) AS avg_time_to_outcome_s,
       ROUND(SUM(t.net_pnl), (SELECT COALESCE(json_extract(m.metrics_json, '$.money_decimals'), 8) FROM strategy_runs m WHERE m.run_id = c.run_id)) AS net_pnl
FROM run_trade_context c
JOIN run_trades t ON t.run_id = c.run_id AND t.trade_no = c.trade_no
WHERE c.bracket_outcome IS NOT NULL
GROUP BY c.run_id, c.bracket_outcome;

-- Implementation shortfall per instance and currency: a part's sum covers the orders where it is known (SUM skips
-- NULL), so a sum without any known order stays NULL (docs/metrics.md, "Implementation shortfall").
CREATE VIEW v_instance_shortfall AS
SELECT r.instance_id, n.currency,
       COUNT(DISTINCT s.run_id) AS runs,
       COUNT(*) AS orders,
       SUM(s.has_decision) AS orders_with_decision,
       ROUND(SUM(s.delay), MAX(COALESCE(json_extract(r.metrics_json, '$.money_decimals'), 8))) AS delay,
       ROUND(SUM(s.execution), MAX(COALESCE(json_extract(r.metrics_json, '$.money_decimals'), 8))) AS execution,
       ROUND(SUM(s.fees), MAX(COALESCE(json_extract(r.metrics_json, '$.money_decimals'), 8))) AS fees,
       ROUND(SUM(s.opportunity), MAX(COALESCE(json_extract(r.metrics_json, '$.money_decimals'), 8))) AS opportunity,
       ROUND(SUM(s.total), MAX(COALESCE(json_extract(r.metrics_json, '$.money_decimals'), 8))) AS total,
       SUM(s.complete) AS complete_orders
FROM run_order_shortfall s
JOIN strategy_runs r ON r.run_id = s.run_id
LEFT JOIN run_instruments n ON n.run_id = s.run_id AND n.symbol = s.symbol
GROUP BY r.instance_id, n.currency;

-- ───────────────────────────────── studies (v10 addition) ─────────────────────────────────
-- Which runs form a study is inferred on read or named by the author (docs/studies.md); these tables keep what a user
-- decided with `recorder study group` / `ungroup`.

CREATE TABLE studies (
  study_id           TEXT PRIMARY KEY,            -- name-based UUID of the name
  name               TEXT NOT NULL UNIQUE,
  objective          TEXT,                        -- the metric the passes are ranked by, when the user chose one
  created_utc        TEXT NOT NULL
);

CREATE TABLE study_runs (
  run_id             TEXT PRIMARY KEY,
  study_id           TEXT,                        -- NULL: the user took the run out of every study
  assigned_utc       TEXT NOT NULL,
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id) ON DELETE CASCADE,
  FOREIGN KEY(study_id) REFERENCES studies(study_id)
);

CREATE INDEX idx_study_runs_study ON study_runs(study_id);

-- ───────────────────────────────── artifacts (v13 addition; seed 003) ─────────────────────────────────
-- The SHA-256 of each manifest.json `recorder artifacts` wrote for a run: `recorder verify --artifacts DIR` compares a
-- folder's manifest with these (docs/cli.md, "artifacts").
CREATE TABLE run_artifacts (
  run_id             TEXT NOT NULL,
  manifest_sha256    TEXT NOT NULL,               -- lower-case hex of manifest.json's bytes
  files              INTEGER NOT NULL,            -- files the manifest lists (manifest.json not counted)
  written_utc        TEXT NOT NULL,
  PRIMARY KEY(run_id, manifest_sha256),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id) ON DELETE CASCADE
);

-- ───────────────────────────────── the journal (v16 addition) ─────────────────────────────────
-- What people write about runs and studies: notes, tags and pins, one row per act, never changed afterwards
-- (`recorder note`, `tag`, `pin`; docs/cli.md). Not derived from the event log: replay copies it, merge and push carry
-- it by entry_id, prune deletes only the rows of the runs it deletes.
CREATE TABLE journal_entries (
  id                 INTEGER PRIMARY KEY,
  entry_id           TEXT NOT NULL UNIQUE,        -- name-based UUID of the act (the columns below): one row in every file
  subject_type       TEXT NOT NULL CHECK (subject_type IN ('RUN','STUDY')),
  subject_id         TEXT NOT NULL,               -- a run_id, or a study's id (docs/studies.md)
  kind               TEXT NOT NULL CHECK (kind IN ('NOTE','TAG','UNTAG','PIN','UNPIN')),
  body               TEXT,                        -- a note's text or a tag; NULL for PIN and UNPIN
  author             TEXT NOT NULL,
  created_utc        TEXT NOT NULL
);

CREATE INDEX idx_journal_subject ON journal_entries(subject_id, created_utc);

-- The tags each run or study carries now: the last TAG or UNTAG of a tag is a TAG.
CREATE VIEW v_journal_tags AS
SELECT e.subject_type, e.subject_id, e.body AS tag, e.author, e.created_utc AS tagged_utc
FROM journal_entries e
WHERE e.kind = 'TAG' AND NOT EXISTS (
  SELECT 1 FROM journal_entries l
  WHERE l.subject_id = e.subject_id AND l.subject_type = e.subject_type AND l.body = e.body AND l.kind IN ('TAG', 'UNTAG')
    AND (l.created_utc > e.created_utc OR (l.created_utc = e.created_utc AND l.entry_id > e.entry_id)));

-- The runs and studies pinned now: their last PIN or UNPIN is a PIN. `recorder prune` keeps pinned runs.
CREATE VIEW v_journal_pins AS
SELECT e.subject_type, e.subject_id, e.author, e.created_utc AS pinned_utc
FROM journal_entries e
WHERE e.kind = 'PIN' AND NOT EXISTS (
  SELECT 1 FROM journal_entries l
  WHERE l.subject_id = e.subject_id AND l.subject_type = e.subject_type AND l.kind IN ('PIN', 'UNPIN')
    AND (l.created_utc > e.created_utc OR (l.created_utc = e.created_utc AND l.entry_id > e.entry_id)));
