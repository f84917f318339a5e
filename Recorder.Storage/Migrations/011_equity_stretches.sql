-- Version 11: run_equity stores a curve where it changes. A row may stand for itself and `repeats` more points with
-- the same equity, drawdown and drawdown_pct, each `repeat_step_ticks` (100 ns) after the previous: a flat run between
-- fills is one row, not one per bar (docs/metrics.md, "Equity curve"). Rows written before (repeats 0) stand for one
-- point, as they always did; readers unfold both. Touches only run_equity, so it applies after whatever 9 and 10 did.
ALTER TABLE run_equity ADD COLUMN repeats INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run_equity ADD COLUMN repeat_step_ticks INTEGER NOT NULL DEFAULT 0;
