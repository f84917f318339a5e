// Buy-and-hold of a run's recorded bars on the run view (GET /api/runs/{id}/benchmark): its three figures as
// `recorder insight` gives them, a legend, and the line of the initial balance held in the symbol on the equity chart.
// Only drawing: every figure comes from the server. Uses the page's helpers (el, definition, formatMetric, signClass,
// toSec in app.js, loaded after this file).
'use strict';

window.recorderBenchmark = (() => {
  const color = '#ffb74d';
  const ratio = (v) => v === null || v === undefined ? '—' : Number(v).toLocaleString('en-US', { maximumFractionDigits: 4 });
  const card = (key, label, value, cls) => el('div', { class: 'card', 'data-key': key },
    el('div', { class: 'k', title: definition(key) }, label), el('div', { class: 'v ' + (cls || '') }, value));

  // The figures, or why there are none (no bars, several symbols); a missing line is said too.
  function figures(b) {
    const cards = el('div', { class: 'cards', id: 'benchmark' });
    if (b.return_pct !== null) {
      cards.append(
        card('buy_and_hold_return_pct', `buy & hold ${b.symbol}`, formatMetric(b.return_pct, 'pct'), signClass(b.return_pct)),
        card('buy_and_hold_correlation', 'correlation to buy & hold', ratio(b.correlation)),
        card('buy_and_hold_beta', 'beta to buy & hold', ratio(b.beta)));
    }
    if (b.missing) cards.append(el('div', { class: 'muted', id: 'benchmark-missing' }, 'Buy-and-hold: ' + b.missing + '.'));
    return cards;
  }

  function legend(b, currency) {
    const entry = (cls, text, id) => el('span', { id }, el('span', { class: 'key ' + cls }), text);
    return el('div', { class: 'legend', id: 'equity-legend' },
      entry('equity', 'equity' + (currency ? ` (${currency})` : '')),
      b.line.length > 0 ? entry('benchmark', `buy & hold ${b.symbol}: the initial balance held in it over the run's bars`, 'benchmark-legend') : null,
      entry('drawdown', 'drawdown (below)'));
  }

  // One point per second, as the chart needs strictly increasing times.
  function draw(chart, b) {
    if (b.line.length === 0) return 0;
    const bySecond = new Map();
    for (const p of b.line) bySecond.set(toSec(p.ts_utc), p.value);
    chart.addSeries(LWC.LineSeries, { color, lineWidth: 2, lineStyle: LWC.LineStyle.Dashed, priceLineVisible: false, lastValueVisible: false,
      crosshairMarkerVisible: false }).setData([...bySecond.entries()].sort((x, y) => x[0] - y[0]).map(([time, value]) => ({ time, value })));
    return bySecond.size;
  }

  return { color, figures, legend, draw };
})();
