// The recorder page: views over the read API (#/runs, #/compare, #/run/<id>; #/studies and #/study/<id> in study.js), charts by lightweight-charts.
// Every number comes from the server as stored; the page formats it and never recomputes a metric.
'use strict';

const LWC = window.LightweightCharts;
const view = document.getElementById('view');
const state = { runs: { sort: 'start_utc', order: 'desc', offset: 0, limit: 50, filters: {} }, selected: new Set(), definitions: {} };
// What the browser tests read: the view drawn, and for a run its fills and the markers on the chart.
window.recorderPage = { view: null, ready: false, fills: 0, markers: 0, bracketLines: 0, errors: [] };

// Which way is better comes with the definitions (Storage's MetricCatalog): 1 higher, -1 lower, 0 neither (no ★).
const direction = (key) => (state.definitions[key] && state.definitions[key].direction) || 0;
const KEY_METRICS = ['net_pnl', 'total_return_pct', 'sharpe', 'sortino', 'max_drawdown_pct', 'trade_count', 'win_rate', 'profit_factor', 'expectancy', 'total_fees'];

async function api(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) { throw new Error(body.detail || body.title || response.statusText); }
  return body;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === 'class') node.className = v; else if (k.startsWith('on')) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
  }
  for (const child of children.flat()) { if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child)); }
  return node;
}

// Times are stored as yyyy-MM-ddTHH:mm:ss.fffffffZ; Date.parse wants at most milliseconds.
const toMs = (iso) => iso ? Date.parse(iso.replace(/(\.\d{3})\d+Z$/, '$1Z')) : NaN;
const toSec = (iso) => Math.floor(toMs(iso) / 1000);
const day = (iso) => iso ? iso.slice(0, 10) : '';
const minute = (iso) => iso ? iso.slice(0, 16).replace('T', ' ') : '';
const num = (v, digits = 2) => v === null || v === undefined ? '—' : Number(v).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function formatMetric(value, unit, currency) {
  if (value === null || value === undefined) return '—';
  switch (unit) {
    case 'money': return num(value) + (currency ? ' ' + currency : '');
    case 'pct': return num(value) + ' %';
    case 'count': return num(value, 0);
    case 'probability': return num(value, 3);
    case 'ms': return num(value, 0) + ' ms';
    case 's': return num(value / 3600, 1) + ' h';
    case 'days': return num(value, 1) + ' d';
    default: return num(value);
  }
}

const signClass = (v) => v > 0 ? 'pos' : v < 0 ? 'neg' : null;
const definition = (key) => (state.definitions[key] && state.definitions[key].text) || key;

function table(columns, rows, options = {}) {
  const head = el('tr', {}, columns.map(c => el('th', {
    class: [c.num ? 'num' : '', c.sort ? 'sortable' : '', options.sort === c.sort && c.sort ? 'sorted' + (options.order === 'asc' ? ' asc' : '') : ''].join(' ').trim() || null,
    title: c.title || (c.key ? definition(c.key) : null),
    onclick: c.sort && options.onSort ? () => options.onSort(c.sort) : null,
  }, c.label)));
  const body = el('tbody', {}, rows.map((row, i) => {
    const tr = el('tr', { class: options.onRow ? 'link' : null, onclick: options.onRow ? (e) => options.onRow(row, e, tr) : null, 'data-index': i },
      columns.map(c => {
        const value = c.value ? c.value(row) : row[c.key];
        return el('td', { class: [c.num ? 'num' : '', c.cls ? c.cls(row) || '' : ''].join(' ').trim() || null }, value instanceof Node ? value : value ?? '—');
      }));
    return tr;
  }));
  return el('table', { id: options.id }, el('thead', {}, head), body);
}

// ----- Runs -----------------------------------------------------------------------------------------------------
async function showRuns(mine) {
  const [strategies, health] = await Promise.all([api('/api/strategies/'), api('/api/health')]);
  document.getElementById('database').textContent = health.database + ' · schema ' + health.schema_version + (health.ingest ? ' · ingest on' : '');
  const f = state.runs.filters;
  const input = (name, attrs) => el('input', { name, value: f[name] || '', ...attrs, onchange: (e) => { f[name] = e.target.value; state.runs.offset = 0; refresh(); } });
  const select = (name, options) => el('select', { name, onchange: (e) => { f[name] = e.target.value; state.runs.offset = 0; refresh(); } },
    [el('option', { value: '' }, 'all'), ...options.map(o => el('option', { value: o, selected: f[name] === o ? 'selected' : null }, o))]);
  const filters = el('div', { class: 'filters' },
    el('label', {}, 'Strategy', select('strategy', strategies.map(s => s.name))),
    el('label', {}, 'Instance', input('instance', { placeholder: 'name or id', size: 14 })),
    el('label', {}, 'Type', select('type', ['BACKTEST', 'LIVE', 'PAPER', 'REPLAY'])),
    el('label', {}, 'Status', select('status', ['RUNNING', 'COMPLETED', 'FAILED', 'CANCELED', 'ABANDONED'])),
    el('label', {}, 'From', input('from', { type: 'date' })),
    el('label', {}, 'To', input('to', { type: 'date' })),
    el('button', { id: 'compare-selected', onclick: () => { location.hash = '#/compare'; } }, 'Compare selected'));
  const holder = el('div');
  if (!current(mine)) return;
  view.replaceChildren(el('h1', {}, 'Runs'), filters, holder);

  async function refresh() {
    const q = new URLSearchParams({ sort: state.runs.sort, order: state.runs.order, limit: state.runs.limit, offset: state.runs.offset });
    for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
    const page = await api('/api/runs/?' + q);
    if (!current(mine)) return;
    const columns = [
      { label: '', value: r => el('input', { type: 'checkbox', checked: state.selected.has(r.run_id) ? 'checked' : null, onclick: (e) => {
        e.stopPropagation(); if (e.target.checked) state.selected.add(r.run_id); else state.selected.delete(r.run_id); } }) },
      { label: 'Start (UTC)', key: 'start_utc', sort: 'start_utc', value: r => minute(r.start_utc) },
      { label: 'Strategy', key: 'strategy_name' },
      { label: 'Instance', key: 'instance_name' },
      { label: 'Symbol', key: 'symbol' },
      { label: 'Type', key: 'run_type', value: r => el('span', { class: 'tag' }, r.run_type) },
      { label: 'Status', key: 'status' },
      { label: 'Net PnL', key: 'net_pnl', sort: 'net_pnl', num: true, value: r => formatMetric(r.net_pnl, 'money', r.currency), cls: r => signClass(r.net_pnl) },
      { label: 'Return', key: 'total_return_pct', num: true, value: r => formatMetric(r.total_return_pct, 'pct'), cls: r => signClass(r.total_return_pct) },
      { label: 'Sharpe', key: 'sharpe', num: true, value: r => num(r.sharpe) },
      { label: 'Max DD', key: 'max_drawdown_pct', num: true, value: r => formatMetric(r.max_drawdown_pct, 'pct') },
      { label: 'Trades', key: 'trade_count', sort: 'trade_count', num: true, value: r => num(r.trade_count, 0) },
      { label: 'Win rate', key: 'win_rate', num: true, value: r => formatMetric(r.win_rate, 'pct') },
      { label: 'PF', key: 'profit_factor', num: true, value: r => num(r.profit_factor) },
    ];
    const onSort = (column) => {
      if (state.runs.sort === column) state.runs.order = state.runs.order === 'asc' ? 'desc' : 'asc'; else { state.runs.sort = column; state.runs.order = 'desc'; }
      refresh();
    };
    const pager = el('div', { class: 'pager' },
      el('button', { disabled: state.runs.offset === 0 ? 'disabled' : null, onclick: () => { state.runs.offset = Math.max(0, state.runs.offset - state.runs.limit); refresh(); } }, '‹ Previous'),
      el('span', { class: 'muted' }, `${page.total === 0 ? 0 : page.offset + 1}–${page.offset + page.items.length} of ${page.total} run(s)`),
      el('button', { disabled: page.offset + page.items.length >= page.total ? 'disabled' : null, onclick: () => { state.runs.offset += state.runs.limit; refresh(); } }, 'Next ›'));
    holder.replaceChildren(table(columns, page.items, { id: 'runs-table', sort: state.runs.sort, order: state.runs.order, onSort,
      onRow: (r) => { location.hash = '#/run/' + encodeURIComponent(r.run_id); } }), pager);
    done('runs', mine);
  }
  await refresh();
}

// ----- Compare --------------------------------------------------------------------------------------------------
function markBest(values, key) {
  const known = values.filter(v => v !== null && v !== undefined);
  if (direction(key) === 0 || known.length < 2 || known.every(v => v === known[0])) return null;
  return direction(key) < 0 ? Math.min(...known) : Math.max(...known);
}

function parameters(values) {
  return values && typeof values === 'object' ? Object.entries(values).map(([k, v]) => `${k}=${v}`).join(', ') : (values ?? '');
}

async function showCompare(mine) {
  const instances = await api('/api/compare/instances');
  const parts = [el('h1', {}, 'Compare'), el('p', { class: 'muted' }, 'Parameter sets over their runs, backtests and forward runs (live, paper, replay) apart; ★ marks the best value of each column.')];
  const columns = [['net_pnl', 'Net PnL'], ['expectancy', 'Expectancy'], ['sharpe', 'Sharpe'], ['max_drawdown_pct', 'Worst max DD'],
    ['win_rate', 'Win rate'], ['profit_factor', 'PF']];
  for (const row of instances) row.m = Object.fromEntries(row.metrics.map(m => [m.key, m]));
  const value = (row, key) => row.m[key] ? row.m[key].value : null;
  for (const phase of ['BACKTEST', 'FORWARD']) {
    const rows = instances.filter(r => r.phase === phase);
    parts.push(el('h2', {}, phase === 'BACKTEST' ? 'Parameter sets — backtests' : 'Parameter sets — forward (live, paper, replay)'));
    if (rows.length === 0) { parts.push(el('p', { class: 'muted' }, 'No runs.')); continue; }
    const best = Object.fromEntries(columns.map(([k]) => [k, markBest(rows.map(r => value(r, k)), k)]));
    parts.push(table([
      { label: 'Instance', key: 'instance_name' }, { label: 'Parameters', value: r => el('span', { class: 'params' }, parameters(r.parameters)) }, { label: 'Symbol', key: 'symbol' },
      { label: 'Runs', num: true, value: r => r.run_ids.length }, { label: 'Trades', num: true, key: 'trade_count', value: r => num(value(r, 'trade_count'), 0) },
      ...columns.map(([k, label]) => ({ label, num: true, key: k, value: r => r.m[k] ? formatMetric(r.m[k].value, r.m[k].unit, r.currency) : '—',
        cls: r => value(r, k) !== null && value(r, k) === best[k] ? 'best' : null })),
    ], rows, { id: 'compare-' + phase.toLowerCase() }));
  }

  // Runs side by side: the runs ticked on the Runs page, else the 12 most recent (an optimisation's passes would fill
  // the oldest twelve).
  let ids = [...state.selected];
  if (ids.length === 0) ids = (await api('/api/runs/?limit=12&sort=start_utc&order=desc')).items.map(r => r.run_id);
  const runs = await Promise.all(ids.map(id => api('/api/runs/' + encodeURIComponent(id))));
  for (const [title, group] of [['Runs side by side — backtests', runs.filter(r => r.run_type === 'BACKTEST')], ['Runs side by side — forward', runs.filter(r => r.run_type !== 'BACKTEST')]]) {
    parts.push(el('h2', {}, title));
    if (group.length === 0) { parts.push(el('p', { class: 'muted' }, 'No run selected.')); continue; }
    const keys = [...new Set([...KEY_METRICS, ...group.flatMap(r => r.metrics.map(m => m.key))])].filter(k => group.some(r => r.metrics.some(m => m.key === k)));
    const rows = keys.map(key => {
      const row = { key, unit: null };
      for (const r of group) { const m = r.metrics.find(x => x.key === key); row[r.run_id] = m ? m.value : null; row.unit = row.unit || (m && m.unit); }
      return row;
    });
    parts.push(table([
      { label: 'Metric', value: r => el('span', { title: definition(r.key) }, r.key) },
      ...group.map(run => ({ label: `${run.instance_name} · ${run.run_type} · ${day(run.start_utc)}`, num: true, title: run.run_id,
        value: r => formatMetric(r[run.run_id], r.unit, run.currency),
        cls: r => { const best = markBest(group.map(g => r[g.run_id]), r.key); return best !== null && r[run.run_id] === best ? 'best' : null; } })),
    ], rows, { id: title.includes('backtests') ? 'runs-backtest' : 'runs-forward' }));
  }

  if (!current(mine)) return;
  view.replaceChildren(...parts);
  done('compare', mine);
}

// ----- One run --------------------------------------------------------------------------------------------------
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

// Buy below the bar pointing up, sell above pointing down; E entry, X exit, R reverse (the fill's position impact).
function fillMarker(x, barTime) {
  const buy = x.side === 'BUY';
  const role = { OPEN: 'E', CLOSE: 'X', REDUCE: 'X', REVERSE: 'R' }[x.position_impact] || '';
  return { time: barTime, position: buy ? 'belowBar' : 'aboveBar', color: buy ? '#26a69a' : '#ef5350', shape: buy ? 'arrowUp' : 'arrowDown', text: role, id: x.execution_id };
}

async function showRun(runId, mine) {
  const run = await api('/api/runs/' + encodeURIComponent(runId));
  const [executions, trades, equity, ocoGroups, orders, benchmark] = await Promise.all(['/api/executions/run/', '/api/runs/'].flatMap((p, i) => i === 0
    ? [api(p + encodeURIComponent(runId))]
    : ['trades', 'equity', 'oco', 'orders', 'benchmark'].map(what => api(p + encodeURIComponent(runId) + '/' + what))));
  const series = run.series[0];
  const bars = series ? await api(`/api/bars/?run_id=${encodeURIComponent(runId)}&symbol=${encodeURIComponent(series.symbol)}&timeframe=${encodeURIComponent(series.timeframe)}`) : null;
  const metric = Object.fromEntries(run.metrics.map(m => [m.key, m]));
  const currency = run.currency;
  const legs = ocoGroups.flatMap(g => g.legs.map(l => ({ ...l, oco_group_id: g.oco_group_id })));

  const cards = el('div', { class: 'cards', id: 'metrics' }, KEY_METRICS.filter(k => metric[k]).map(k =>
    el('div', { class: 'card' }, el('div', { class: 'k', title: definition(k) }, k), el('div', { class: 'v ' + (signClass(k.includes('drawdown') ? 0 : metric[k].value) || '') }, formatMetric(metric[k].value, metric[k].unit, currency)))));
  const priceChart = el('div', { class: 'chart', id: 'price-chart' });
  const equityChart = el('div', { class: 'chart small', id: 'equity-chart' });
  const legend = el('div', { class: 'legend' },
    el('span', {}, series ? `${series.symbol} ${series.timeframe} · ${bars.bars.length} bars` : 'no bars recorded'),
    el('span', { class: 'pos' }, '▲ buy'), el('span', { class: 'neg' }, '▼ sell'),
    el('span', {}, 'E entry · X exit · R reverse'), el('span', { class: 'neg' }, '- - stop-loss'), el('span', { class: 'pos' }, '- - take-profit'));

  const tradeRows = trades.filter(t => t.symbol === (series ? series.symbol : t.symbol));
  const tradesTable = table([
    { label: '#', key: 'trade_no', num: true }, { label: 'Side', key: 'side' }, { label: 'Qty', key: 'quantity', num: true },
    { label: 'Entry (UTC)', value: t => minute(t.entry_utc) }, { label: 'Exit (UTC)', value: t => minute(t.exit_utc) },
    { label: 'Entry', num: true, value: t => num(t.entry_price) }, { label: 'Exit', num: true, value: t => num(t.exit_price) },
    { label: 'Net PnL', num: true, value: t => formatMetric(t.net_pnl, 'money', currency), cls: t => signClass(t.net_pnl) },
    { label: 'R', num: true, value: t => num(t.r_multiple) }, { label: 'Exit reason', key: 'exit_reason' }, { label: 'Tags', value: t => [t.entry_tag, t.exit_tag].filter(Boolean).join(' → ') },
  ], tradeRows, { id: 'trades-table', onRow: (t, _e, tr) => showTrade(t, tr) });
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
  const allMetrics = table([
    { label: 'Metric', value: m => el('span', { title: definition(m.key) }, m.key) }, { label: 'Value', num: true, value: m => formatMetric(m.value, m.unit, currency) }, { label: 'Unit', key: 'unit' },
  ], run.metrics, { id: 'all-metrics' });

  // A later route (another run clicked while this one loaded) has the view: this one draws nothing.
  if (!current(mine)) return;
  view.replaceChildren(
    el('h1', {}, `${run.strategy_name} · ${run.instance_name || run.instance_id}`),
    el('div', { class: 'muted' }, `${run.run_type} · ${run.status} · ${minute(run.start_utc)} → ${minute(run.end_utc)} UTC · run ${run.run_id} · ${parameters(run.parameters)}`),
    cards, el('h2', {}, 'Price, fills and brackets'), legend, priceChart,
    el('h2', {}, 'Equity and drawdown'), recorderBenchmark.figures(benchmark), recorderBenchmark.legend(benchmark, currency), equityChart,
    el('h2', {}, `Trades (${tradeRows.length}) — click one to show it on the chart`), el('div', { class: 'scroll' }, tradesTable),
    el('h2', {}, `Orders (${orders.length})`), el('div', { class: 'scroll' }, ordersTable),
    el('h2', {}, `OCO groups (${ocoGroups.length})`), el('div', { class: 'scroll' }, ocoTable),
    el('h2', {}, 'All metrics'), el('div', { class: 'scroll' }, allMetrics));

  // Price chart: candles, every fill of the charted symbol as a marker, bracket legs as lines over their lifetime.
  const chart = LWC.createChart(priceChart, chartOptions(520));
  let showTrade = () => {};
  if (bars && bars.bars.length > 0) {
    const candles = chart.addSeries(LWC.CandlestickSeries, { upColor: '#26a69a', downColor: '#ef5350', borderVisible: false, wickUpColor: '#26a69a', wickDownColor: '#ef5350' });
    const data = bars.bars.map(b => ({ time: toSec(b.ts_utc), open: b.open, high: b.high, low: b.low, close: b.close }));
    candles.setData(data);
    const times = data.map(d => d.time);
    const fills = executions.filter(x => !x.symbol || x.symbol === series.symbol);
    const markers = fills.map(x => fillMarker(x, barTimeOf(times, toSec(x.exec_utc)))).sort((a, b) => a.time - b.time);
    const markerLayer = LWC.createSeriesMarkers(candles, markers);
    window.recorderPage.fills = fills.length;
    window.recorderPage.markers = markerLayer.markers().length;
    // For the browser test: markers off and on again, so it can see they are pixels on the canvas.
    window.recorderPage.setMarkersVisible = (visible) => {
      // The price scale stays where it is: without markers it would otherwise rescale and redraw every candle.
      candles.priceScale().applyOptions({ autoScale: false });
      markerLayer.setMarkers(visible ? markers : []);
    };
    window.recorderPage.visibleRange = () => chart.timeScale().getVisibleRange();

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
    if (bars.bars.some(b => b.volume !== null)) {
      const volume = chart.addSeries(LWC.HistogramSeries, { color: '#3d5a80', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false }, 1);
      volume.setData(bars.bars.filter(b => b.volume !== null).map(b => ({ time: toSec(b.ts_utc), value: b.volume, color: b.close >= b.open ? '#26a69a80' : '#ef535080' })));
    }

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
    // The latest 150 bars: readable candles and markers; scroll or zoom for the rest, or click a trade.
    chart.timeScale().setVisibleLogicalRange({ from: Math.max(0, data.length - 150), to: data.length + 2 });
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
    const bySecond = new Map();
    for (const p of equity) bySecond.set(toSec(p.ts_utc), p);
    const points = [...bySecond.entries()].sort((a, b) => a[0] - b[0]);
    eq.addSeries(LWC.LineSeries, { color: '#4aa3ff', lineWidth: 2, priceLineVisible: false }).setData(points.map(([t, p]) => ({ time: t, value: p.equity })));
    eq.addSeries(LWC.AreaSeries, { lineColor: '#ef5350', topColor: '#ef535000', bottomColor: '#ef535066', lineWidth: 1, priceLineVisible: false }, 1)
      .setData(points.map(([t, p]) => ({ time: t, value: -p.drawdown })));
    window.recorderPage.benchmarkPoints = recorderBenchmark.draw(eq, benchmark);
    eq.timeScale().fitContent();
  }

  done('run', mine);
}

// ----- Routing --------------------------------------------------------------------------------------------------
// Each route has a number; only the newest may draw, so a slow page cannot replace the one asked for after it.
let routeSeq = 0;
const current = (mine) => mine === routeSeq;

function done(name, mine) {
  if (!current(mine)) return;
  window.recorderPage.view = name;
  window.recorderPage.shown = location.hash || '#/runs';
  window.recorderPage.ready = true;
  document.body.dataset.view = name;
}

async function route() {
  const mine = ++routeSeq;
  window.recorderPage.ready = false;
  const hash = location.hash || '#/runs';
  for (const a of document.querySelectorAll('header nav a')) a.classList.toggle('active', hash.startsWith(a.getAttribute('href')));
  try {
    if (Object.keys(state.definitions).length === 0) state.definitions = await api('/api/metrics/definitions');
    if (hash.startsWith('#/run/')) await showRun(decodeURIComponent(hash.slice(6)), mine);
    else if (hash.startsWith('#/compare')) await showCompare(mine);
    else if (hash.startsWith('#/studies')) await recorderStudy.list(mine);
    else if (hash.startsWith('#/study/')) await recorderStudy.show(decodeURIComponent(hash.slice(8)), mine);
    else await showRuns(mine);
  } catch (error) {
    window.recorderPage.errors.push(String(error.message));
    if (!current(mine)) return;
    view.replaceChildren(el('p', { class: 'error' }, 'Could not load: ' + error.message));
    done('error', mine);
  }
}

window.addEventListener('hashchange', route);
route();
