-- Version 6: insight stored with the run (docs/metrics.md, "Insight"). Decision marks are recorded facts (the
-- DECISION event, docs/events.md); shortfall per order and context per trade are derived like run_trades and are
-- rebuilt by every analysis.
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
       SUM(t.net_pnl) AS net_pnl,
       AVG(t.net_pnl) AS avg_net_pnl
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
       SUM(t.net_pnl) AS net_pnl
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
       SUM(s.delay) AS delay,
       SUM(s.execution) AS execution,
       SUM(s.fees) AS fees,
       SUM(s.opportunity) AS opportunity,
       SUM(s.total) AS total,
       SUM(s.complete) AS complete_orders
FROM run_order_shortfall s
JOIN strategy_runs r ON r.run_id = s.run_id
LEFT JOIN run_instruments n ON n.run_id = s.run_id AND n.symbol = s.symbol
GROUP BY r.instance_id, n.currency;
