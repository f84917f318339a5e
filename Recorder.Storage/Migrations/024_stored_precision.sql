-- Version 24: money, percentages, prices and quantities stored at their precision (docs/metrics.md, "Stored
-- precision"). The analysis rounds what it stores; what the views compute is rounded here: the equity a stretch marked
-- on a series' bars gives (base + factor x close) and every drawdown to the run's money decimals, kept per curve in
-- equity_runs.money_decimals (NULL for curves stored before: those read as they did until analysed again); drawdown
-- percentages to 6 decimals; the money the aggregating views add or average to the decimals of the runs' money
-- (metrics_json.money_decimals, 8 where a run's analysis predates it), win rates to 6.
ALTER TABLE equity_runs ADD COLUMN money_decimals INTEGER;
-- A curve whose run's analysis says its decimals (a file made by this version and taken back to an older one) keeps them.
UPDATE equity_runs SET money_decimals = (SELECT json_extract(r.metrics_json, '$.money_decimals') FROM strategy_runs r
                                         WHERE r.run_id = equity_runs.run_id AND json_valid(r.metrics_json));

DROP VIEW v_equity_points;
DROP VIEW run_equity;
DROP VIEW v_equity_rows;
DROP VIEW v_instance_comparison;
DROP VIEW v_pnl_by_entry_delta;
DROP VIEW v_bracket_outcomes;
DROP VIEW v_instance_shortfall;

CREATE VIEW v_equity_rows AS
SELECT k.run_id, k.pct_known, k.money_decimals, d.seq, d.ts, d.equity, d.repeats, d.repeat_step_ticks
FROM equity_data d JOIN equity_runs k ON k.run_key = d.run_key
WHERE d.mark_series IS NULL
UNION ALL
SELECT k.run_id, k.pct_known, k.money_decimals, d.seq + (b.ts + d.repeat_step_ticks - d.ts) / d.repeat_step_ticks, b.ts + d.repeat_step_ticks,
       CASE WHEN k.money_decimals IS NULL THEN d.equity + d.mark_factor * b.close
            ELSE ROUND(d.equity + d.mark_factor * b.close, k.money_decimals) END, 0, 0
FROM equity_data d JOIN equity_runs k ON k.run_key = d.run_key
JOIN run_series s ON s.series_id = d.mark_series
JOIN market_bars b ON b.market_id = s.market_id
 AND b.ts BETWEEN d.ts - d.repeat_step_ticks AND d.ts + (d.repeats - 1) * d.repeat_step_ticks
 AND b.ts BETWEEN s.first_bar AND s.last_bar
WHERE d.mark_series IS NOT NULL AND (b.ts + d.repeat_step_ticks - d.ts) % d.repeat_step_ticks = 0
  AND NOT EXISTS (SELECT 1 FROM series_bars o WHERE o.series_id = d.mark_series AND o.ts = b.ts)
  AND NOT EXISTS (SELECT 1 FROM series_unseen u WHERE u.series_id = d.mark_series AND u.ts = b.ts)
UNION ALL
SELECT k.run_id, k.pct_known, k.money_decimals, d.seq + (o.ts + d.repeat_step_ticks - d.ts) / d.repeat_step_ticks, o.ts + d.repeat_step_ticks,
       CASE WHEN k.money_decimals IS NULL THEN d.equity + d.mark_factor * o.close
            ELSE ROUND(d.equity + d.mark_factor * o.close, k.money_decimals) END, 0, 0
FROM equity_data d JOIN equity_runs k ON k.run_key = d.run_key
JOIN series_bars o ON o.series_id = d.mark_series
 AND o.ts BETWEEN d.ts - d.repeat_step_ticks AND d.ts + (d.repeats - 1) * d.repeat_step_ticks
WHERE d.mark_series IS NOT NULL AND (o.ts + d.repeat_step_ticks - d.ts) % d.repeat_step_ticks = 0;

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

CREATE TRIGGER run_equity_insert INSTEAD OF INSERT ON run_equity
BEGIN
  INSERT INTO equity_runs(run_id, pct_known) VALUES (NEW.run_id, NEW.drawdown_pct IS NOT NULL)
  ON CONFLICT(run_id) DO UPDATE SET pct_known = pct_known OR excluded.pct_known;
  INSERT INTO equity_data(run_key, seq, ts, equity, repeats, repeat_step_ticks)
  VALUES ((SELECT run_key FROM equity_runs WHERE run_id = NEW.run_id), NEW.seq,
          CAST(strftime('%s', substr(NEW.ts_utc, 1, 19)) AS INTEGER) * 10000000 + CAST(substr(NEW.ts_utc, 21, 7) AS INTEGER),
          NEW.equity, COALESCE(NEW.repeats, 0), COALESCE(NEW.repeat_step_ticks, 0));
END;

-- A point of a marked stretch is not a row of its own: updating it is refused rather than lost.
CREATE TRIGGER run_equity_update INSTEAD OF UPDATE ON run_equity
BEGIN
  SELECT RAISE(ABORT, 'run_equity: a point cannot move to another run') WHERE NEW.run_id IS NOT OLD.run_id;
  SELECT RAISE(ABORT, 'run_equity: this point is computed from its series'' bars (equity_data.mark_series); store the curve again with recorder analyze')
  WHERE NOT EXISTS (SELECT 1 FROM equity_data WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = OLD.run_id)
                    AND seq = OLD.seq AND mark_series IS NULL);
  UPDATE equity_data SET seq = NEW.seq,
         ts = CAST(strftime('%s', substr(NEW.ts_utc, 1, 19)) AS INTEGER) * 10000000 + CAST(substr(NEW.ts_utc, 21, 7) AS INTEGER),
         equity = NEW.equity, repeats = NEW.repeats, repeat_step_ticks = NEW.repeat_step_ticks
  WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = OLD.run_id) AND seq = OLD.seq;
END;

-- Deleting a marked stretch's first point deletes the stretch's row; its other points go with it.
CREATE TRIGGER run_equity_delete INSTEAD OF DELETE ON run_equity
BEGIN
  DELETE FROM equity_data WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = OLD.run_id) AND seq = OLD.seq;
END;

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

