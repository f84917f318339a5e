-- Team schema 3 = the recorder's SQLite schema version 6 (Recorder.Storage/Migrations/006_insight.sql): decision
-- marks (the DECISION event), implementation shortfall per order and each trade's context (order flow, bracket,
-- excursion efficiencies), with their views.
CREATE TABLE order_decisions (
  run_id             text NOT NULL REFERENCES strategy_runs(run_id),
  decision_id        text NOT NULL,
  decided_utc        text NOT NULL,
  signal             text,
  symbol             text NOT NULL,
  side               text NOT NULL,
  quantity           double precision NOT NULL,
  price              double precision NOT NULL,
  order_id           text,                        -- the order placed on this decision; NULL until one is tied
  PRIMARY KEY(run_id, decision_id)
);

CREATE INDEX idx_decisions_order ON order_decisions(run_id, order_id);

CREATE TABLE run_order_shortfall (
  run_id               text NOT NULL REFERENCES strategy_runs(run_id),
  order_id             text NOT NULL,
  symbol               text NOT NULL,
  side                 text NOT NULL,
  decision_id          text,
  has_decision         bigint NOT NULL,          -- 0: no decision mark, delay is unknown (NULL), never a guessed 0
  intended_quantity    double precision NOT NULL,
  filled_quantity      double precision NOT NULL,
  decision_price       double precision,
  submission_price     double precision,
  avg_fill_price       double precision,
  end_price            double precision,
  delay                double precision,
  delay_unknown        text,                      -- why delay is NULL
  execution            double precision,
  execution_unknown    text,
  fees                 double precision NOT NULL,
  opportunity          double precision,
  opportunity_unknown  text,
  total                double precision NOT NULL,             -- Σ of the known parts
  complete             bigint NOT NULL,          -- 1 when every part is known
  point_value_assumed  bigint NOT NULL,
  PRIMARY KEY(run_id, order_id)
);

CREATE TABLE run_trade_context (
  run_id               text NOT NULL REFERENCES strategy_runs(run_id),
  trade_no             bigint NOT NULL,
  entry_bar_utc        text,
  entry_delta          double precision,
  entry_cum_delta      double precision,
  entry_poc_ticks      double precision,
  entry_imbalance      double precision,
  exit_bar_utc         text,
  exit_delta           double precision,
  exit_cum_delta       double precision,
  exit_poc_ticks       double precision,
  exit_imbalance       double precision,
  bracket_outcome      text,                      -- TARGET|STOP|MANUAL|REVERSAL|SCRATCH; NULL without a bracket
  stop_order_id        text,
  target_order_id      text,
  initial_stop         double precision,
  final_stop           double precision,
  target_price         double precision,
  stop_moves           bigint,
  stop_moved_ticks     double precision,
  time_to_outcome_s    double precision,
  placed_reward_risk   double precision,
  got_reward_risk      double precision,
  etd                  double precision,
  entry_efficiency     double precision,
  exit_efficiency      double precision,
  total_efficiency     double precision,
  PRIMARY KEY(run_id, trade_no)
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
