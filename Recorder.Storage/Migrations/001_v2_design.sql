-- Version 1: the v2 "event-first" design exactly as shared/seeds/000 specifies it (names, constraints, indexes).
-- A file at this version is what other tools built on that design produce; migrations upgrade it in place.

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
  FOREIGN KEY(instance_id) REFERENCES strategy_instances(instance_id)
);

CREATE INDEX idx_runs_instance_time ON strategy_runs(instance_id, start_utc);
CREATE INDEX idx_runs_type_status  ON strategy_runs(run_type, status);

CREATE TABLE orders (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id              TEXT NOT NULL,
  strategy_id         TEXT,
  order_id            TEXT NOT NULL,
  parent_order_id     TEXT,
  symbol              TEXT NOT NULL,
  account_id          TEXT,
  side                TEXT NOT NULL,
  order_type          TEXT NOT NULL,
  tif                 TEXT,
  quantity            REAL NOT NULL,
  price               REAL,
  stop_price          REAL,
  status              TEXT NOT NULL,
  submit_utc          TEXT NOT NULL,
  update_utc          TEXT,
  client_tag          TEXT,
  position_impact     TEXT NOT NULL DEFAULT 'UNKNOWN',
  extra_json          TEXT,
  UNIQUE(run_id, order_id),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

CREATE INDEX idx_orders_run_time   ON orders(run_id, submit_utc);
CREATE INDEX idx_orders_orderid    ON orders(order_id);
CREATE INDEX idx_orders_symbol     ON orders(symbol);
CREATE INDEX idx_orders_status     ON orders(status);

CREATE TABLE executions (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id              TEXT NOT NULL,
  execution_id        TEXT NOT NULL,
  order_id            TEXT NOT NULL,
  exec_utc            TEXT NOT NULL,
  price               REAL NOT NULL,
  quantity            REAL NOT NULL,
  fee                 REAL,
  fee_currency        TEXT,
  liquidity           TEXT,
  extra_json          TEXT,
  UNIQUE(run_id, execution_id),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

CREATE INDEX idx_exec_run_time     ON executions(run_id, exec_utc);
CREATE INDEX idx_exec_order        ON executions(run_id, order_id);

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
  UNIQUE(run_id, symbol, timeframe),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

CREATE INDEX idx_series_run ON run_series(run_id);

CREATE TABLE bars (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  series_id          TEXT NOT NULL,
  ts_utc             TEXT NOT NULL,
  open               REAL NOT NULL,
  high               REAL NOT NULL,
  low                REAL NOT NULL,
  close              REAL NOT NULL,
  volume             REAL,

  volumetric_json    TEXT,
  UNIQUE(series_id, ts_utc),
  FOREIGN KEY(series_id) REFERENCES run_series(series_id)
);

CREATE INDEX idx_bars_series_time ON bars(series_id, ts_utc);

CREATE TABLE ingest_events (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id             TEXT NOT NULL,
  event_type         TEXT NOT NULL,
  event_utc          TEXT NOT NULL,
  payload_json       TEXT NOT NULL,
  received_utc       TEXT NOT NULL,
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);

CREATE INDEX idx_ingest_run_time ON ingest_events(run_id, event_utc);

-- §5.2 of the design names this table in prose: run_metrics_kv(run_id, key, value, unit).
CREATE TABLE run_metrics_kv (
  run_id             TEXT NOT NULL,
  key                TEXT NOT NULL,
  value              REAL,
  unit               TEXT,
  PRIMARY KEY(run_id, key),
  FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id)
);
