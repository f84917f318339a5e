// A run's what-if exits (in #/run/<id>): its entries re-exited over a grid of stops × targets, drawn as a heatmap of
// net PnL by surface.js (the study heatmap's style) with the best cell (★, pink frame) and the cell nearest the run's
// own exits (dashed frame) marked, the run's actual figures beside the best cell's, and how likely that is luck.
// Every figure comes from GET /api/runs/{id}/whatif. Uses the page's helpers (el, api, num, formatMetric in app.js).
'use strict';

window.recorderWhatIf = (() => {
  const S = () => window.recorderSurface;
  const label = (level) => level ?? 'none';

  // The record as a surface: targets across, stops down (the first stop on top, as the command prints it).
  function surface(r) {
    const nx = r.targets.length, ny = r.stops.length;
    return {
      x: { parameter: 'target', method: 'DistinctValues', bins: r.targets.map(t => ({ label: label(t) })) },
      y: { parameter: 'stop', method: 'DistinctValues', bins: r.stops.map((_, i) => ({ label: label(r.stops[ny - 1 - i]) })) },
      cells: r.cells.map((c, i) => ({ x: i % nx, y: ny - 1 - Math.floor(i / nx), count: 1, mean: c.figures.net_pnl, best: c.figures.net_pnl, best_pass_id: 'cell-' + i })),
      best_pass_id: r.luck.best_cell === null ? null : 'cell-' + r.luck.best_cell,
      passes: r.cells.length,
    };
  }

  const figures = (f, currency) => `net ${formatMetric(f.net_pnl, 'money', currency)} · ${f.trades} trades${f.open ? ` (${f.open} open)` : ''} · ` +
    `win ${f.win_rate === null ? '—' : num(f.win_rate, 1) + ' %'} · PF ${num(f.profit_factor)} · max DD (closed trades) ${formatMetric(f.max_drawdown, 'money', currency)} · avg R ${num(f.avg_r)}`;

  function luck(r) {
    const l = r.luck;
    const pbo = l.pbo === null ? 'PBO: ' + l.pbo_not_enough.text
      : `PBO ${num(l.pbo)} (CSCV: the ${r.cells.length} cells as passes, the ${r.entries} trades as periods, ${l.partitions} partitions)`;
    const dsr = l.deflated_sharpe === null ? 'deflated Sharpe of the best cell: ' + (l.deflated_sharpe_not_enough ? l.deflated_sharpe_not_enough.text : 'not computed')
      : `deflated Sharpe of the best cell ${num(l.deflated_sharpe)} against ${l.trials} cells as trials (per-trade Sharpe ratios)`;
    return `Is the best cell luck? ${pbo}; ${dsr}. A PBO near 0.5 or above, or a deflated Sharpe below 0.95, says its edge may be luck.`;
  }

  // The dashed cell against the run's actual net PnL: the same, or by how much and why it differs (own_levels).
  function own(o, currency) {
    const cell = `At its own levels (stop ${label(o.stop)} / target ${label(o.target)}): net ${formatMetric(o.net_pnl, 'money', currency)}`;
    return o.reasons.length === 0 ? cell + ', as the run made.'
      : `${cell}, ${formatMetric(Math.abs(o.difference), 'money', currency)} ${o.difference < 0 ? 'less' : 'more'} than the run made ` +
        `(${formatMetric(o.actual_net_pnl, 'money', currency)}): ${o.reasons.join('; ')}.`;
  }

  function draw(holder, r, currency) {
    const map = el('div', { class: 'surface-holder', id: 'whatif-heatmap' });
    const a = r.actual_exits;
    const marked = a.stop_index !== null || a.target_index !== null
      ? { stop: label(r.stops[a.stop_index ?? 0]), target: label(r.targets[a.target_index ?? 0]) } : null;
    const best = r.luck.best_cell === null ? null : r.cells[r.luck.best_cell];
    holder.replaceChildren(
      el('p', { class: 'muted', id: 'whatif-on' }, `${r.symbol} ${r.timeframe || ''} · ${r.bars} bars · ${r.entries} entries kept as recorded, each exit simulated from the bar after its entry's bar · ` +
        `fees ${num(r.fee_per_contract)} per contract per exit · slippage ${num(r.stop_slippage_ticks)} ticks on stops, ${num(r.limit_slippage_ticks)} on targets` +
        (r.trail ? ` · trailing stop ${r.trail}` : '') + (r.max_bars ? ` · time exit after ${r.max_bars} bars` : '')),
      map,
      el('p', { class: 'surface-method' }, `Each cell: net PnL (${currency || 'currency'}) of the run's entries re-exited with that stop (row) and target (column). ` +
        '★ and the pink frame mark the best cell' + (marked ? ', the dashed frame the cell nearest the run\'s own exits (median initial stop and take-profit distance).' : '.')),
      el('div', { class: 'cards' },
        el('div', { class: 'card study-figure', id: 'whatif-actual' }, el('div', { class: 'k' }, 'actual exits'), el('div', { class: 'on' }, figures(r.actual, currency))),
        best ? el('div', { class: 'card study-figure', id: 'whatif-best' }, el('div', { class: 'k' }, `best cell: stop ${label(best.stop)}, target ${label(best.target)}`), el('div', { class: 'on' }, figures(best.figures, currency))) : null),
      ...(r.own_levels ? [el('p', { id: 'whatif-own' }, own(r.own_levels, currency))] : []),
      el('p', { id: 'whatif-luck' }, luck(r)),
      ...r.assumptions.map(t => el('p', { class: 'muted whatif-assumption' }, 'Assumed: ' + t)));
    const drawn = S().heatmap(map, surface(r), { objective: 'net PnL', higherIsBetter: true, plateauPick: marked, width: 760 });
    window.recorderPage.whatif = { cells: drawn.cells, best: drawn.best, marked: map.querySelectorAll('.pick-mark').length, stops: r.stops, targets: r.targets };
    (window.recorderPage.whatifs = window.recorderPage.whatifs || {})[r.run_id] = window.recorderPage.whatif;
  }

  // The section of the run view, for the charted symbol: the default grid at once, another on request (not in a saved
  // page, which holds the default grid only). A run without fills or bars of it says so instead of asking (a 400
  // would be a failed load in the browser's console). Its .loading settles once the grid is drawn.
  function section(runId, currency, symbol, fills) {
    if (!symbol || fills === 0) {
      window.recorderPage.whatif = { missing: true };
      return [el('p', { class: 'muted', id: 'whatif-missing' }, 'No what-if exits: ' + (!symbol ? 'the run recorded no bars to simulate exits on.' : `the run has no fills of ${symbol}, so no entries to re-exit.`))];
    }
    const holder = el('div', { id: 'whatif' }, el('p', { class: 'muted' }, 'Simulating…'));
    const input = (id, placeholder) => el('input', { id, placeholder, size: 22 });
    const stops = input('whatif-stops', 'stops: 0.5atr,1atr,2atr'), targets = input('whatif-targets', 'targets: 1%,2%,3%');
    const trail = input('whatif-trail', 'trailing stop (optional)'), maxBars = input('whatif-max-bars', 'max bars (optional)');
    const load = async () => {
      const q = new URLSearchParams({ symbol });
      for (const [k, node] of [['stops', stops], ['targets', targets], ['trail', trail], ['max_bars', maxBars]]) if (node.value.trim()) q.set(k, node.value.trim());
      window.recorderPage.whatif = null;
      try { draw(holder, await api(`/api/runs/${encodeURIComponent(runId)}/whatif?${q}`), currency); }
      catch (error) { holder.replaceChildren(el('p', { class: 'error', id: 'whatif-error' }, 'What-if: ' + error.message)); window.recorderPage.whatif = { error: error.message }; }
    };
    const form = el('form', { class: 'choosers', id: 'whatif-form', onsubmit: (e) => { e.preventDefault(); load(); } },
      stops, targets, trail, maxBars, el('button', { type: 'submit' }, 'Simulate'),
      el('span', { class: 'muted' }, ' levels: 1.5% · 10t (ticks) · 2pt (points) · 1.5atr (ATR(14)); empty: 0.5–3 × 1–4 ATR'));
    if (window.recorderSnapshot) form.hidden = true;
    return Object.assign([form, holder], { loading: load() });
  }

  return { section };
})();
