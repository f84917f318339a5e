// A forward run's drift (in #/run/<id>, live and paper runs only): its cumulative PnL trade by trade over the band its
// backtest's trades, resampled, say it should be in — the 5–95 % band shaded, the median dashed, the trades outside the
// band marked — and the verdict in words. Every figure comes from GET /api/runs/{id}/drift (docs/metrics.md, "Drift");
// the backtest is the instance's latest that ended before the run started unless another is chosen. Plain SVG.
// Uses the page's helpers (el, svg, roundStep, api, num, minute in app.js).
'use strict';

window.recorderDrift = (() => {
  const W = 760, H = 300, L = 70, R = 12, T = 12, B = 34;
  const COLOURS = { band: '#8794a3', median: '#c4ccd6', forward: '#4aa3ff', Below: '#ef5350', Above: '#26a69a' };

  // Round steps (1, 2 or 5 times a power of ten) about `count` to the span.
  const step = (span, count) => roundStep(span > 0 ? span : 1, count, [1, 2, 5, 10]);
  const tickText = (v) => Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 });

  // k = 0 is the start, where every path and the forward run are at 0.
  function chart(r) {
    const band = r.band, n = band.length;
    const lo = Math.min(0, ...band.map(p => Math.min(p.low, p.forward))), hi = Math.max(0, ...band.map(p => Math.max(p.high, p.forward)));
    const dy = step(hi - lo, 5), y0 = Math.floor(lo / dy) * dy, y1 = Math.max(Math.ceil(hi / dy) * dy, y0 + dy);
    const x = (k) => L + k * (W - L - R) / n, y = (v) => T + (y1 - v) * (H - T - B) / (y1 - y0);
    const at = (k, v) => `${x(k)},${y(v)}`;
    const root = svg('svg', { class: 'drift-chart', id: 'drift-chart', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'Drift band' });
    for (let i = 0; y0 + i * dy <= y1 + dy / 2; i++) {
      const v = y0 + i * dy;
      const tick = svg('g', { class: 'y-tick' });
      tick.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: Math.abs(v) < dy / 2 ? '#4b5b6e' : '#263241' }),
        svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#8794a3' }, tickText(Math.round(v / dy) * dy)));
      root.append(tick);
    }
    const area = [at(0, 0), ...band.map(p => at(p.k, p.high)), ...[...band].reverse().map(p => at(p.k, p.low)), at(0, 0)];
    root.append(
      svg('path', { class: 'band', d: 'M' + area.join(' L') + ' Z', fill: COLOURS.band, 'fill-opacity': 0.3, stroke: 'none' }),
      svg('polyline', { class: 'median', points: [at(0, 0), ...band.map(p => at(p.k, p.median))].join(' '), fill: 'none', stroke: COLOURS.median, 'stroke-dasharray': '5 4' }),
      svg('polyline', { class: 'forward', points: [at(0, 0), ...band.map(p => at(p.k, p.forward))].join(' '), fill: 'none', stroke: COLOURS.forward, 'stroke-width': 2 }));
    for (const p of band.filter(p => p.position !== 'Inside')) {
      const mark = svg('circle', { class: 'outside ' + p.position.toLowerCase(), 'data-k': p.k, cx: x(p.k), cy: y(p.forward), r: 4, fill: COLOURS[p.position] });
      mark.append(svg('title', {}, `trade ${p.k}: ${num(p.forward)}, ${p.position.toLowerCase()} the band (${num(p.low)} to ${num(p.high)})`));
      root.append(mark);
    }
    const axis = y(y0), dk = Math.max(1, step(n, 8));
    root.append(svg('line', { x1: L, x2: W - R, y1: axis, y2: axis, stroke: '#8794a3' }));
    for (let k = 0; k <= n; k += dk) root.append(svg('text', { class: 'x-tick', x: x(k), y: axis + 15, 'text-anchor': 'middle', 'font-size': 11, fill: '#8794a3' }, String(k)));
    root.append(svg('text', { x: (L + W - R) / 2, y: H - 4, 'text-anchor': 'middle', 'font-size': 12, fill: '#c4ccd6' }, 'forward trades (k)'),
      svg('text', { x: 14, y: (T + H - B) / 2, 'text-anchor': 'middle', 'font-size': 12, fill: '#c4ccd6', transform: `rotate(-90 14 ${(T + H - B) / 2})` },
        'cumulative PnL' + (r.currency ? ` (${r.currency})` : '')));
    return root;
  }

  function draw(holder, r, latest) {
    const outside = r.band.filter(p => p.position !== 'Inside').length;
    const v = r.verdict;
    const key = (colour, dashed) => el('span', { class: 'key', style: `border-top: 2px ${dashed ? 'dashed' : 'solid'} ${colour}` });
    holder.replaceChildren(
      el('p', { id: 'drift-verdict', class: v && v.position !== 'Inside' ? 'neg' : null }, r.summary),
      el('p', { class: 'muted', id: 'drift-on' }, `Against backtest ${r.backtest_run.slice(0, 8)}` + (r.backtest_chosen_by !== 'latest' ? '' : r.in_sample ? ' (the instance\'s most recent; none ended before this run\'s first trade)' : ' (the latest that ended before this run\'s first trade)') +
        ` · ${num(r.samples, 0)} paths of ${r.forward_trades} trades drawn with replacement from its ${r.backtest_trades} closed trades (seed ${r.seed}), each × ${num(r.scale, 2)}` +
        ` (the forward run's median quantity over the backtest's)`),
      r.band.length === 0 ? null : el('div', { class: 'legend' },
        el('span', {}, el('span', { class: 'swatch', style: `background: ${COLOURS.band}; opacity: .6` }), `${num(r.low_percentile, 0)}–${num(r.high_percentile, 0)} % of the paths`),
        el('span', {}, key(COLOURS.median, true), 'their median'), el('span', {}, key(COLOURS.forward, false), 'this run'),
        r.band.some(p => p.position === 'Below') ? el('span', { class: 'neg' }, '● trade below the band') : null,
        r.band.some(p => p.position === 'Above') ? el('span', { class: 'pos' }, '● trade above the band') : null),
      r.band.length === 0 ? null : chart(r));
    window.recorderPage.drift = { drawn: true, backtest: r.backtest_run, latest, points: r.band.length, outside };
    (window.recorderPage.drifts = window.recorderPage.drifts || {})[r.forward_run] = window.recorderPage.drift;
  }

  // The section of the run view, its heading included: nothing for a backtest; for a forward run, the instance's ended backtests to choose
  // from (the most recent by default, as `recorder drift` takes it) and the band. Without a backtest it says so rather
  // than asking (a 409 would be a failed load in the browser's console).
  function section(run) {
    if (run.run_type !== 'LIVE' && run.run_type !== 'PAPER') return [];
    const holder = el('div', { id: 'drift' }, el('p', { class: 'muted' }, 'Resampling the backtest…'));
    const chooser = el('select', { id: 'drift-backtest' });
    const form = el('div', { class: 'choosers', id: 'drift-form' }, el('span', { class: 'muted' }, 'Backtest: '), chooser);
    const load = async () => {
      window.recorderPage.drift = null;
      const q = chooser.value ? '?backtest=' + encodeURIComponent(chooser.value) : '';
      try { draw(holder, await api(`/api/runs/${encodeURIComponent(run.run_id)}/drift${q}`), !chooser.value); }
      catch (error) { holder.replaceChildren(el('p', { class: 'error', id: 'drift-error' }, 'Drift: ' + error.message)); window.recorderPage.drift = { error: error.message }; }
    };
    chooser.addEventListener('change', load);
    // A saved page holds the default backtest's band only: no chooser.
    if (window.recorderSnapshot) form.hidden = true;
    const loading = (async () => {
      try {
        // The server's default first (DriftInputs.DefaultBacktest: the latest that ended before this run's first
        // trade), then the other ended backtests, the latest started first.
        const backtests = (await api('/api/runs/instance/' + encodeURIComponent(run.instance_id)))
          .filter(b => b.run_type === 'BACKTEST' && b.end_utc)
          .sort((a, b) => (a.start_utc < b.start_utc ? 1 : a.start_utc > b.start_utc ? -1 : a.run_id < b.run_id ? 1 : -1));
        if (backtests.length === 0) {
          form.hidden = true;
          holder.replaceChildren(el('p', { class: 'muted', id: 'drift-missing' }, 'No drift: the instance has no ended backtest to compare with.'));
          window.recorderPage.drift = { missing: true };
          return;
        }
        const first = await api(`/api/runs/${encodeURIComponent(run.run_id)}/drift`);
        const chosen = backtests.find(b => b.run_id === first.backtest_run);
        const ordered = [chosen, ...backtests.filter(b => b !== chosen)].filter(Boolean);
        chooser.append(...ordered.map((b, i) => el('option', { value: i === 0 ? '' : b.run_id },
          `${b.run_id.slice(0, 8)} · ${minute(b.start_utc)} → ${minute(b.end_utc)} UTC` +
          (i > 0 ? '' : first.in_sample ? ' (in-sample: none ended before this run)' : ' (latest before this run)'))));
        draw(holder, first, true);
      } catch (error) {
        holder.replaceChildren(el('p', { class: 'error', id: 'drift-error' }, 'Drift: ' + error.message));
        window.recorderPage.drift = { error: error.message };
      }
    })();
    return Object.assign([el('h2', {}, 'Drift from its backtest'), form, holder], { loading });
  }

  return { section };
})();
