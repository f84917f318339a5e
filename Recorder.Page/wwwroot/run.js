// One run (#/run/<id>): its figures, equity and the price chart with its fills as markers, orders and fills.
// Uses the page's helpers (el, api, table, num, formatMetric, LWC, done, current in app.js, loaded after this file).
'use strict';

const chartOptions = (height) => ({
  height, autoSize: true,
  layout: { background: { type: 'solid', color: '#161d26' }, textColor: '#8794a3', panes: { separatorColor: '#263241' } },
  grid: { vertLines: { color: '#1e2834' }, horzLines: { color: '#1e2834' } },
  timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#263241' },
  rightPriceScale: { borderColor: '#263241' },
  crosshair: { mode: 0 },
});

// The open time of the bar a moment falls in (markers and lines sit on bars).
function barTimeOf(times, sec) {
  let lo = 0, hi = times.length - 1;
  if (hi < 0) return null;
  if (sec <= times[0]) return times[0];
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (times[mid] <= sec) lo = mid; else hi = mid - 1; }
  return times[lo];
}

// E entry, X exit, R reverse: the fill's position impact.
const fillRole = (x) => ({ OPEN: 'E', CLOSE: 'X', REDUCE: 'X', REVERSE: 'R' }[x.position_impact] || '?');

// One marker per bar and side: buys below the bar pointing up, sells above pointing down, lettered with the fills'
// roles in time order, repeats counted ("E×2": an entry filled in two parts; "X E": an exit, then a new entry).
// One marker per fill put several arrows and letters on one spot, each letter between two arrows.
function fillMarkers(fills, times) {
  const groups = new Map();
  for (const x of [...fills].sort((a, b) => (a.exec_utc < b.exec_utc ? -1 : a.exec_utc > b.exec_utc ? 1 : 0))) {
    const time = barTimeOf(times, toSec(x.exec_utc));
    const key = `${time}:${x.side}`;
    if (!groups.has(key)) groups.set(key, { time, buy: x.side === 'BUY', fills: [] });
    groups.get(key).fills.push(x);
  }
  return [...groups.values()].sort((a, b) => a.time - b.time).map(g => {
    const letters = [];
    for (const role of g.fills.map(fillRole)) {
      const last = letters[letters.length - 1];
      if (last && last.role === role) last.count++; else letters.push({ role, count: 1 });
    }
    return { time: g.time, position: g.buy ? 'belowBar' : 'aboveBar', color: g.buy ? '#26a69a' : '#ef5350', shape: g.buy ? 'arrowUp' : 'arrowDown',
      text: letters.map(l => l.count > 1 ? `${l.role}×${l.count}` : l.role).join(' '), id: g.fills.map(x => x.execution_id).join(' '), fills: g.fills.length };
  });
}

async function showRun(runId, mine) {
  const run = await api('/api/runs/' + encodeURIComponent(runId));
  const [executions, trades, equity, ocoGroups, orders, benchmark] = await Promise.all(['/api/executions/run/', '/api/runs/'].flatMap((p, i) => i === 0
    ? [api(p + encodeURIComponent(runId))]
    : ['trades', 'equity', 'oco', 'orders', 'benchmark'].map(what => api(p + encodeURIComponent(runId) + '/' + what))));
  const series = run.series[0];
  // The charted series' bars, read when the view is drawn and again as a running run records.
  const readBars = () => series ? api(`/api/bars/?run_id=${encodeURIComponent(runId)}&symbol=${encodeURIComponent(series.symbol)}&timeframe=${encodeURIComponent(series.timeframe)}`) : null;
  const bars = await readBars();
  const metric = Object.fromEntries(run.metrics.map(m => [m.key, m]));
  const currency = run.currency;
  const legs = ocoGroups.flatMap(g => g.legs.map(l => ({ ...l, oco_group_id: g.oco_group_id })));

  // Titled as people say them; the stored key and its definition in the hover.
  const cardsOf = (run, metric) => el('div', { class: 'cards', id: 'metrics' }, KEY_METRICS.filter(k => metric[k]).map(k =>
    el('div', { class: 'card', 'data-key': k }, el('div', { class: 'k', title: `${k}: ${definition(k)}` }, METRIC_NAMES[k] || k),
      el('div', { class: 'v ' + (meaningClass(k, metric[k].value) || '') }, formatMetric(metric[k].value, metric[k].unit, run.currency)))));
  const cards = cardsOf(run, metric);
  const priceChart = el('div', { class: 'chart', id: 'price-chart' });
  const equityChart = el('div', { class: 'chart small', id: 'equity-chart' });
  const legend = el('div', { class: 'legend' },
    el('span', { id: 'bar-count' }, series ? `${series.symbol} ${series.timeframe} · ${bars.bars.length} bars` : 'no bars recorded'),
    el('span', { class: 'pos' }, '▲ buy'), el('span', { class: 'neg' }, '▼ sell'),
    el('span', {}, 'E entry · X exit · R reverse'), el('span', { class: 'neg' }, '- - stop-loss'), el('span', { class: 'pos' }, '- - take-profit'));

  const tradesOf = (trades) => table([
    { label: '#', key: 'trade_no', num: true }, { label: 'Side', key: 'side' }, { label: 'Qty', key: 'quantity', num: true },
    { label: 'Entry (UTC)', value: t => minute(t.entry_utc) }, { label: 'Exit (UTC)', value: t => minute(t.exit_utc) },
    { label: 'Entry', num: true, value: t => num(t.entry_price) }, { label: 'Exit', num: true, value: t => num(t.exit_price) },
    { label: 'Net PnL', num: true, value: t => formatMetric(t.net_pnl, 'money', currency), cls: t => signClass(t.net_pnl) },
    { label: 'R', num: true, value: t => num(t.r_multiple) }, { label: 'Exit reason', key: 'exit_reason' }, { label: 'Tags', value: t => [t.entry_tag, t.exit_tag].filter(Boolean).join(' → ') },
  ], trades.filter(t => t.symbol === (series ? series.symbol : t.symbol)), { id: 'trades-table', onRow: (t, _e, tr) => showTrade(t, tr) });
  const tradesTable = tradesOf(trades);
  const tradesTitle = (table) => el('h2', { id: 'trades-title' }, `Trades (${table.tBodies[0].rows.length}) — click one to show it on the chart`);
  const ordersTable = table([
    { label: 'Order', key: 'order_id' }, { label: 'Parent', key: 'parent_order_id' }, { label: 'Side', key: 'side' }, { label: 'Type', key: 'order_type' },
    { label: 'Qty', key: 'quantity', num: true }, { label: 'Price', num: true, value: o => num(o.price) }, { label: 'Stop', num: true, value: o => num(o.stop_price) },
    { label: 'Status', key: 'status' }, { label: 'Submitted (UTC)', value: o => minute(o.submit_utc) }, { label: 'Filled', num: true, value: o => num(o.filled_quantity, 0) },
    { label: 'Avg fill', num: true, value: o => num(o.avg_fill_price) }, { label: 'OCO role', key: 'oco_role' }, { label: 'Tag', key: 'client_tag' },
  ], orders, { id: 'orders-table' });
  const ocoTable = table([
    { label: 'Group', key: 'label' }, { label: 'Legs (role:order:status)', value: g => g.legs.map(l => `${l.role || '?'}:${l.order_id}:${l.status}`).join(' | ') },
    { label: 'Won', key: 'winning_role' }, { label: 'Created (UTC)', value: g => minute(g.created_utc) },
  ], ocoGroups, { id: 'oco-table' });
  // A figure the run is too short or too small for says so, as its analysis noted ("cagr_pct: not enough time (…)").
  const allMetricsOf = (run) => {
    const notEnough = (m) => m.value === null ? (run.notes.find(n => n.startsWith(m.key + ': not enough ')) || '').slice(m.key.length + 2) : '';
    return table([
    { label: 'Metric', value: m => el('span', { title: `${m.key}: ${definition(m.key)}`, 'data-key': m.key }, metricLabel(m.key)) },
    { label: 'Value', num: true, value: m => notEnough(m) || formatMetric(m.value, m.unit, currency), cls: m => meaningClass(m.key, m.value) },
  ], run.metrics, { id: 'all-metrics' });
  };
  const allMetrics = allMetricsOf(run);
  const statusOf = (run) => el('div', { class: 'muted', id: 'run-status' }, `${run.run_type} · `,
    el('span', { class: run.status === 'RUNNING' ? 'running' : null, id: 'run-state' }, run.status, progressText(run)),
    `${run.analysis_as_of_utc && !run.analysis_whole_run ? ` (figures as of ${minute(run.analysis_as_of_utc)})` : ''} · ${minute(run.start_utc)} → ${minute(run.end_utc)} UTC · run ${run.run_id} · ${parameters(run.parameters)} · `,
    el('a', { href: '#/report/' + encodeURIComponent(run.run_id), id: 'tearsheet-link' }, 'tearsheet'));

  // The journal and the study pass the run came from: its own panel (journal.js).
  const journal = await recorderJournal.panel('/api/runs/' + encodeURIComponent(runId) + '/journal', run.journal, run.study_passes);

  // A later route (another run clicked while this one loaded) has the view: this one draws nothing.
  if (!current(mine)) return;
  view.replaceChildren(
    el('h1', {}, `${run.strategy_name} · ${run.instance_name || run.instance_id}`),
    statusOf(run),
    journal, cards, el('h2', {}, 'Price, fills and brackets'), legend, priceChart,
    el('h2', {}, 'Equity and drawdown'), recorderBenchmark.figures(benchmark), recorderBenchmark.legend(benchmark, currency), equityChart,
    el('h2', {}, 'What-if exits'), ...recorderWhatIf.section(runId, currency, series && series.symbol, executions.filter(x => series && (!x.symbol || x.symbol === series.symbol)).length),
    ...recorderDrift.section(run),
    tradesTitle(tradesTable), el('div', { class: 'scroll' }, tradesTable),
    el('h2', {}, `Orders (${orders.length})`), el('div', { class: 'scroll' }, ordersTable),
    el('h2', {}, `OCO groups (${ocoGroups.length})`), el('div', { class: 'scroll' }, ocoTable),
    el('h2', {}, 'All metrics'), el('div', { class: 'scroll' }, allMetrics));

  // Price chart: candles, every fill of the charted symbol as a marker, bracket legs as lines over their lifetime.
  // Bars may be narrower than a pixel, so that a run of months opens whole; and it stays whole while the chart settles
  // its size (the price axis widens once its labels are known), rather than losing its first bars on the left.
  const chart = LWC.createChart(priceChart, { ...chartOptions(520),
    timeScale: { ...chartOptions(520).timeScale, minBarSpacing: 0.01, lockVisibleTimeRangeOnResize: true } });
  let showTrade = () => {};
  // A running run's charts brought up to date where they are (following.onRun below); null until drawn.
  const live = { price: null, equity: null };
  if (bars && bars.bars.length > 0) {
    const candles = chart.addSeries(LWC.CandlestickSeries, { upColor: '#26a69a', downColor: '#ef5350', borderVisible: false, wickUpColor: '#26a69a', wickDownColor: '#ef5350' });
    const candlesOf = (bars) => bars.map(b => ({ time: toSec(b.ts_utc), open: b.open, high: b.high, low: b.low, close: b.close }));
    const data = candlesOf(bars.bars);
    candles.setData(data);
    const times = data.map(d => d.time);
    const fills = executions.filter(x => !x.symbol || x.symbol === series.symbol);
    let markers = fillMarkers(fills, times);
    const markerLayer = LWC.createSeriesMarkers(candles, markers);
    const counted = (fills) => {
      window.recorderPage.bars = data.length;
      window.recorderPage.fills = fills.length;
      window.recorderPage.markers = markerLayer.markers().length;
      window.recorderPage.markerList = markers.map(m => ({ time: m.time, position: m.position, text: m.text, ids: m.id.split(' ') }));
    };
    counted(fills);
    // Letters only where a bar is at least a pixel wide: a run of months opened whole would bury its candles under
    // letters of neighbouring trades; zoomed in, they come back.
    let unlettered = markers.map(m => ({ ...m, text: '' }));
    let shownMarkers = markers;
    chart.timeScale().subscribeVisibleLogicalRangeChange(range => {
      const wanted = range && chart.timeScale().width() / Math.max(1, range.to - range.from) < 1 ? unlettered : markers;
      if (wanted !== shownMarkers && markerLayer.markers().length > 0) markerLayer.setMarkers(wanted);
      shownMarkers = wanted;
      window.recorderPage.lettered = wanted === markers;
    });
    // For the browser test: markers off and on again, so it can see they are pixels on the canvas.
    window.recorderPage.setMarkersVisible = (visible) => {
      // The price scale stays where it is: without markers it would otherwise rescale and redraw every candle.
      candles.priceScale().applyOptions({ autoScale: false });
      markerLayer.setMarkers(visible ? shownMarkers : []);
    };
    window.recorderPage.visibleRange = () => chart.timeScale().getVisibleRange();
    window.recorderPage.setVisibleRange = (range) => chart.timeScale().setVisibleRange(range);

    let lines = 0;
    for (const leg of legs.filter(l => (l.role === 'SL' || l.role === 'TP') && l.symbol === series.symbol)) {
      const level = leg.role === 'SL' ? (leg.stop_price ?? leg.price) : (leg.price ?? leg.stop_price);
      if (level === null || level === undefined) continue;
      const from = barTimeOf(times, toSec(leg.submit_utc));
      const to = barTimeOf(times, toSec(leg.update_utc || run.end_utc || bars.bars[bars.bars.length - 1].ts_utc));
      const line = chart.addSeries(LWC.LineSeries, { color: leg.role === 'SL' ? '#ef5350' : '#26a69a', lineWidth: 1, lineStyle: LWC.LineStyle.Dashed,
        lastValueVisible: false, priceLineVisible: false, crosshairMarkerVisible: false });
      line.setData(from === to ? [{ time: from, value: level }] : [{ time: from, value: level }, { time: to, value: level }]);
      lines++;
    }
    window.recorderPage.bracketLines = lines;

    // Volume below; delta below that when the bars carry volumetric data.
    const volumeOf = (bars) => bars.filter(b => b.volume !== null).map(b => ({ time: toSec(b.ts_utc), value: b.volume, color: b.close >= b.open ? '#26a69a80' : '#ef535080' }));
    let volume = null;
    if (bars.bars.some(b => b.volume !== null)) {
      volume = chart.addSeries(LWC.HistogramSeries, { color: '#3d5a80', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false }, 1);
      volume.setData(volumeOf(bars.bars));
    }

    // While it runs: the bars and fills recorded since, the reader's zoom and scroll kept (the logical range: bars
    // appended on the right do not move what is shown).
    live.price = (fresh, executions) => {
      const range = chart.timeScale().getVisibleLogicalRange();
      data.splice(0, data.length, ...candlesOf(fresh.bars));
      candles.setData(data);
      times.splice(0, times.length, ...data.map(d => d.time));
      const fills = executions.filter(x => !x.symbol || x.symbol === series.symbol);
      const lettered = shownMarkers === markers;
      markers = fillMarkers(fills, times);
      unlettered = markers.map(m => ({ ...m, text: '' }));
      shownMarkers = lettered ? markers : unlettered;
      markerLayer.setMarkers(shownMarkers);
      if (volume) volume.setData(volumeOf(fresh.bars));
      if (range) chart.timeScale().setVisibleLogicalRange(range);
      counted(fills);
      document.getElementById('bar-count').textContent = `${series.symbol} ${series.timeframe} · ${data.length} bars`;
    };

    if (bars.has_volumetric) {
      const deltas = bars.bars.map(b => { try { return { time: toSec(b.ts_utc), delta: JSON.parse(b.volumetric_json || '{}').delta }; } catch { return null; } })
        .filter(d => d && typeof d.delta === 'number');
      if (deltas.length > 0) {
        const delta = chart.addSeries(LWC.HistogramSeries, { lastValueVisible: false, priceLineVisible: false }, 2);
        delta.setData(deltas.map(d => ({ time: d.time, value: d.delta, color: d.delta >= 0 ? '#26a69a' : '#ef5350' })));
      }
    }

    const panes = chart.panes();
    if (panes.length > 1) { panes[0].setHeight(330); }
    // The whole run, its first trade included: zoom or click a trade for a closer look.
    chart.timeScale().fitContent();
    showTrade = (t, tr) => {
      for (const row of tr.parentNode.children) row.classList.remove('selected');
      tr.classList.add('selected');
      const from = toSec(t.entry_utc), to = toSec(t.exit_utc || run.end_utc || t.entry_utc);
      const pad = Math.max(3600, (to - from) * 0.5);
      chart.timeScale().setVisibleRange({ from: from - pad, to: to + pad });
      window.recorderPage.shownTrade = t.trade_no;
      priceChart.scrollIntoView({ block: 'center' });
    };
  }

  const eq = LWC.createChart(equityChart, { ...chartOptions(260), timeScale: { ...chartOptions(260).timeScale, minBarSpacing: 0.01 } });
  if (equity.length > 0) {
    // One point per second at most: the chart needs strictly increasing times; the last state of a second wins.
    const pointsOf = (equity) => {
      const bySecond = new Map();
      for (const p of equity) bySecond.set(toSec(p.ts_utc), p);
      return [...bySecond.entries()].sort((a, b) => a[0] - b[0]);
    };
    const points = pointsOf(equity);
    const line = eq.addSeries(LWC.LineSeries, { color: '#4aa3ff', lineWidth: 2, priceLineVisible: false });
    line.setData(points.map(([t, p]) => ({ time: t, value: p.equity })));
    // The axis labels the deepest drawdown of the curve (the run's max_drawdown, marked to market), not where it ends.
    const drawdown = eq.addSeries(LWC.AreaSeries, { lineColor: '#ef5350', topColor: '#ef535000', bottomColor: '#ef535066', lineWidth: 1, priceLineVisible: false, lastValueVisible: false }, 1);
    drawdown.setData(points.map(([t, p]) => ({ time: t, value: -p.drawdown })));
    const deepestOf = (equity) => equity.reduce((m, p) => Math.max(m, p.drawdown), 0);
    let deepest = deepestOf(equity);
    let deepestLine = drawdown.createPriceLine({ price: -deepest, color: '#ef5350', lineWidth: 1, lineStyle: LWC.LineStyle.Dotted, axisLabelVisible: true, title: 'max DD (marked to market)' });
    window.recorderPage.maxDrawdown = deepest;
    window.recorderPage.equityPoints = points.length;
    window.recorderPage.benchmarkPoints = recorderBenchmark.draw(eq, benchmark);
    eq.timeScale().fitContent();
    // While it runs: the curve and its drawdown extended, the reader's zoom kept.
    live.equity = (fresh) => {
      const range = eq.timeScale().getVisibleLogicalRange();
      const next = pointsOf(fresh);
      line.setData(next.map(([t, p]) => ({ time: t, value: p.equity })));
      drawdown.setData(next.map(([t, p]) => ({ time: t, value: -p.drawdown })));
      deepest = deepestOf(fresh);
      deepestLine.applyOptions({ price: -deepest });
      window.recorderPage.maxDrawdown = deepest;
      window.recorderPage.equityPoints = next.length;
      if (range) eq.timeScale().setVisibleLogicalRange(range);
    };
  }

  // Followed (app.js): a run that ends is drawn again whole, as an ended run; while it runs, its status, figures and
  // trades are read again and replaced where they are, the charts left at the reader's zoom.
  following.onRun = async (changed) => {
    if (!current(mine) || changed.run_id !== runId) return;
    if (changed.status !== 'RUNNING' && run.status === 'RUNNING') { await route(); updated(); return; }
    const [fresh, freshTrades, freshExecutions, freshEquity, freshBars] = await Promise.all([
      api('/api/runs/' + encodeURIComponent(runId)), api('/api/runs/' + encodeURIComponent(runId) + '/trades'),
      api('/api/executions/run/' + encodeURIComponent(runId)), api('/api/runs/' + encodeURIComponent(runId) + '/equity'),
      readBars()]);
    if (!current(mine)) return;
    // A chart that had nothing to draw when the view was made (its first bars, its first equity) is drawn whole.
    if ((!live.price && freshBars && freshBars.bars.length > 0) || (!live.equity && freshEquity.length > 0)) { await route(); updated(); return; }
    if (live.price) live.price(freshBars, freshExecutions);
    if (live.equity) live.equity(freshEquity);
    document.getElementById('run-status').replaceWith(statusOf(fresh));
    document.getElementById('metrics').replaceWith(cardsOf(fresh, Object.fromEntries(fresh.metrics.map(m => [m.key, m]))));
    document.getElementById('all-metrics').replaceWith(allMetricsOf(fresh));
    const freshTable = tradesOf(freshTrades);
    document.getElementById('trades-table').replaceWith(freshTable);
    document.getElementById('trades-title').replaceWith(tradesTitle(freshTable));
    updated();
  };

  done('run', mine);
}
