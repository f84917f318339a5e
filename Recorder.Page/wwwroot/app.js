// The recorder page: views over the read API (#/runs, #/compare, #/run/<id> in run.js; #/report/<id>,… in tearsheet.js;
// #/studies and #/study/<id> in study.js), charts by lightweight-charts. Every number comes from the server as stored
// (or, in a page saved by `recorder report`, from its snapshot: snapshot.js); the page formats it and never recomputes a metric.
'use strict';

const LWC = window.LightweightCharts;
const view = document.getElementById('view');
const state = { runs: { sort: 'start_utc', order: 'desc', offset: 0, limit: 50, filters: {} }, selected: new Set(), definitions: {} };
// What the browser tests read: the view drawn, and for a run its fills and the markers on the chart.
window.recorderPage = { view: null, ready: false, fills: 0, markers: 0, bracketLines: 0, errors: [] };

// Which way is better comes with the definitions (Storage's MetricCatalog): 1 higher, -1 lower, 0 neither (no ★).
const direction = (key) => (state.definitions[key] && state.definitions[key].direction) || 0;
const KEY_METRICS = ['net_pnl', 'total_return_pct', 'sharpe', 'sortino', 'max_drawdown_pct', 'trade_count', 'win_rate', 'profit_factor', 'expectancy', 'total_fees'];
// The key metrics as people name them; the stored keys stay in the hover, for SQL and `recorder` options.
const METRIC_NAMES = { net_pnl: 'Net PnL', total_return_pct: 'Return', sharpe: 'Sharpe ratio', sortino: 'Sortino ratio', max_drawdown_pct: 'Max drawdown',
  trade_count: 'Trades', win_rate: 'Win rate', profit_factor: 'Profit factor', expectancy: 'Expectancy', total_fees: 'Fees' };

async function api(path) {
  if (window.recorderSnapshot) return window.recorderSnapshot.get(path);
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
  for (const child of children.flat(Infinity)) { if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child)); }
  return node;
}

// An SVG element with its attributes (null and undefined left out) and, optionally, its text: the charts drawn without
// lightweight-charts (the study's surfaces, the what-if grid, a forward run's drift band) build theirs with it.
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// A run's colour as a small square before its name: the tearsheet's legends, tables and headings (tearsheet.js,
// tearsheet-tables.js) mark each run with it.
const swatch = (colour) => el('span', { class: 'swatch', style: `background:${colour}` });

// A round step for an axis, about `count` of them to the span: the first of `multiples` times the power of ten at or
// below span / count that is at least span / count (less `slack` of it, a relative allowance for rounding). A forward
// run's drift band (drift.js) and a study's line surface (surface.js) step by 1, 2 or 5 × 10^k, the tearsheet's MAE
// axis (tearsheet-charts.js) by 1, 2, 2.5 or 5 × 10^k.
function roundStep(span, count, multiples, slack = 0) {
  const raw = span / count, pow = Math.pow(10, Math.floor(Math.log10(raw)));
  return multiples.map(m => m * pow).find(s => s >= raw * (1 - slack));
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
    case 'ms': case 's': case 'days': return duration(value, unit);
    default: return num(value);
  }
}

const signClass = (v) => v > 0 ? 'pos' : v < 0 ? 'neg' : null;
const definition = (key) => (state.definitions[key] && state.definitions[key].text) || key;
// A metric as a trader reads it (Storage's MetricLabels); the key stays in the hover.
const metricLabel = (key) => METRIC_NAMES[key] || (state.definitions[key] && state.definitions[key].label) || key;

// Colour by what a figure means, not by its sign: a cost is red whatever its sign says, a profit factor is good above
// 1, and a win rate or a count alone says nothing good or bad.
function meaningClass(key, value) {
  if (value === null || value === undefined) return null;
  if (key === 'total_fees' || key === 'slippage_total') return value > 0 ? 'neg' : null;
  if (key === 'profit_factor' || key === 'payoff_ratio') return value > 1 ? 'pos' : value < 1 ? 'neg' : null;
  if (['net_pnl', 'gross_pnl', 'total_return', 'total_return_pct', 'sharpe', 'sortino', 'expectancy', 'avg_r_multiple', 'cagr_pct'].includes(key)) return signClass(value);
  return null;
}

// A duration as a trader reads it ("8 h 40 min"), from ms, s or fractional days: two units at most.
function duration(value, unit) {
  const ms = Math.abs(unit === 'ms' ? value : unit === 's' ? value * 1000 : value * 86400000);
  const sign = value < 0 ? '−' : '';
  const two = (big, bigUnit, small, smallUnit) => {
    let count = Math.floor(ms / big), rest = Math.round((ms - count * big) / small);
    if (rest >= big / small) { count++; rest = 0; }
    return `${count.toLocaleString('en-US')} ${bigUnit}` + (rest ? ` ${rest} ${smallUnit}` : '');
  };
  return sign + (ms < 1000 ? `${Math.round(ms)} ms` : ms < 60000 ? `${num(ms / 1000, 1)} s` : ms < 3600000 ? `${Math.floor(ms / 60000)} min`
    : ms < 86400000 ? two(3600000, 'h', 60000, 'min') : two(86400000, 'd', 3600000, 'h'));
}

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

// ----- Following the file -------------------------------------------------------------------------------------------
// The server watches its file once and tells every open page what changed (GET /api/changes, server-sent events): the
// view shown says what it does with a run's new record (following.onRun); the rest of the page stays where the reader
// left it. A page saved by `recorder report` has no server, so no stream.
const following = { onRun: null, seen: new Map() };
window.recorderPage.changes = 0;
window.recorderPage.updated = 0;

// What the browser tests wait on: a view brought up to date from the stream.
function updated() {
  window.recorderPage.updated++;
  document.body.dataset.updated = String(window.recorderPage.updated);
}

// "· changed 4 s ago" after a running run's status: since the page last saw its record change.
function changedAgo(runId) {
  const seen = following.seen.get(runId);
  return seen === undefined ? null : el('span', { class: 'ago muted', 'data-seen': seen }, ` · changed ${Math.round((Date.now() - seen) / 1000)} s ago`);
}

// What a running run said of its progress (its author's ReportProgress): " · 42% (4,200 of 10,000), about 3 min
// left", a share only where it named the whole; the time left at the pace so far since the file recorded it.
function progressText(r) {
  if (r.status !== 'RUNNING' || (!r.progress_processed && r.progress_percent == null)) return '';
  const processed = num(r.progress_processed, 0);
  if (r.progress_percent == null || r.progress_total == null) return ` · ${processed} processed`;
  const p = r.progress_percent;
  let left = '';
  const created = r.created_utc ? Date.parse(r.created_utc.endsWith('Z') ? r.created_utc : r.created_utc + 'Z') : NaN;
  if (p > 0 && p < 100 && !Number.isNaN(created) && Date.now() > created) {
    const seconds = (Date.now() - created) / 1000 * (100 - p) / p;
    left = seconds < 90 ? `, about ${Math.round(seconds)} s left` : seconds < 5400 ? `, about ${Math.round(seconds / 60)} min left`
      : `, about ${(seconds / 3600).toFixed(1)} h left`;
  }
  return ` · ${num(p, p % 1 === 0 ? 0 : 1)}% (${processed} of ${num(r.progress_total, 0)})${left}`;
}

function follow() {
  if (window.recorderSnapshot || !window.EventSource) return;
  const status = document.getElementById('watch');
  const say = (text, cls) => { if (status) { status.textContent = text; status.className = cls; } };
  const source = new EventSource('/api/changes');
  source.addEventListener('open', () => say('● following the file', 'following'));
  source.addEventListener('error', () => say('○ not following (reconnecting…)', 'muted'));
  source.addEventListener('problem', (e) => say('⚠ ' + JSON.parse(e.data).detail, 'error'));
  source.addEventListener('file', () => say('● following the file', 'following'));
  source.addEventListener('run', (e) => {
    const run = JSON.parse(e.data);
    following.seen.set(run.run_id, Date.now());
    window.recorderPage.changes++;
    if (following.onRun) following.onRun(run);
  });
  setInterval(() => {
    for (const node of document.querySelectorAll('.ago[data-seen]')) {
      node.textContent = ` · changed ${Math.round((Date.now() - Number(node.dataset.seen)) / 1000)} s ago`;
    }
  }, 1000);
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
    // The journal's filters: a tag (any case), pinned or not (GET /api/runs/?tag=&pinned=).
    el('label', {}, 'Tag', input('tag', { placeholder: 'tag', size: 10 })),
    el('label', {}, 'Pinned', el('select', { name: 'pinned', onchange: (e) => { f.pinned = e.target.value; state.runs.offset = 0; refresh(); } },
      [['', 'all'], ['true', 'pinned'], ['false', 'not pinned']].map(([v, label]) => el('option', { value: v, selected: (f.pinned || '') === v ? 'selected' : null }, label)))),
    el('button', { id: 'compare-selected', onclick: () => { location.hash = '#/compare'; } }, 'Compare selected'));
  const holder = el('div');
  // A study's passes (an optimisation's 25 backtests) are one line each study, not rows that bury the runs people made.
  const passes = await recorderCompare.passes();
  if (!current(mine)) return;
  view.replaceChildren(el('h1', {}, 'Runs'), filters, holder);

  async function refresh() {
    const q = new URLSearchParams({ sort: state.runs.sort, order: state.runs.order, limit: state.runs.limit, offset: state.runs.offset });
    for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
    const page = await api('/api/runs/?' + q);
    if (!current(mine)) return;
    const hidden = state.runs.passes ? [] : page.items.filter(r => passes.has(r.run_id));
    const items = page.items.filter(r => !hidden.includes(r));
    const studies = new Map();
    for (const r of hidden) { const s = passes.get(r.run_id); studies.set(s.study_id, { study: s, count: (studies.get(s.study_id)?.count || 0) + 1 }); }
    const folded = el('div', { class: 'muted', id: 'runs-passes' },
      [...studies.values()].map(({ study, count }) => el('p', { 'data-study': study.study_id },
        `${count} pass${count === 1 ? '' : 'es'} of study `, el('a', { href: '#/study/' + encodeURIComponent(study.study_id) }, study.name),
        ' on this page are folded into the study. ')),
      passes.size === 0 ? null : el('label', {}, el('input', { type: 'checkbox', id: 'show-passes', checked: state.runs.passes ? 'checked' : null,
        onchange: (e) => { state.runs.passes = e.target.checked; refresh(); } }), ' show study passes as runs'));
    const columns = [
      { label: '', value: r => el('input', { type: 'checkbox', checked: state.selected.has(r.run_id) ? 'checked' : null, onclick: (e) => {
        e.stopPropagation(); if (e.target.checked) state.selected.add(r.run_id); else state.selected.delete(r.run_id); } }) },
      { label: 'Start (UTC)', key: 'start_utc', sort: 'start_utc', value: r => minute(r.start_utc) },
      { label: 'Strategy', key: 'strategy_name' },
      { label: 'Instance', key: 'instance_name' },
      { label: 'Symbol', key: 'symbol' },
      { label: 'Type', key: 'run_type', value: r => el('span', { class: 'tag' }, r.run_type) },
      { label: 'Status', key: 'status', value: r => r.status === 'RUNNING' ? el('span', { class: 'running' }, r.status, progressText(r), changedAgo(r.run_id)) : r.status },
      { label: 'Net PnL', key: 'net_pnl', sort: 'net_pnl', num: true, value: r => formatMetric(r.net_pnl, 'money', r.currency), cls: r => signClass(r.net_pnl) },
      { label: 'Return', key: 'total_return_pct', num: true, value: r => formatMetric(r.total_return_pct, 'pct'), cls: r => signClass(r.total_return_pct) },
      { label: 'Sharpe', key: 'sharpe', num: true, value: r => num(r.sharpe) },
      { label: 'Max DD', key: 'max_drawdown_pct', num: true, value: r => formatMetric(r.max_drawdown_pct, 'pct') },
      { label: 'Trades', key: 'trade_count', sort: 'trade_count', num: true, value: r => num(r.trade_count, 0) },
      { label: 'Win rate', key: 'win_rate', num: true, value: r => formatMetric(r.win_rate, 'pct') },
      { label: 'PF', key: 'profit_factor', num: true, value: r => num(r.profit_factor), cls: r => meaningClass('profit_factor', r.profit_factor) },
      { label: 'Tags', value: r => el('span', { class: 'run-marks' }, r.pinned ? el('span', { class: 'tag pin', title: 'pinned: recorder prune keeps it' }, 'pinned') : null, (r.tags || []).map(t => el('span', { class: 'tag' }, t))) },
    ];
    const onSort = (column) => {
      if (state.runs.sort === column) state.runs.order = state.runs.order === 'asc' ? 'desc' : 'asc'; else { state.runs.sort = column; state.runs.order = 'desc'; }
      refresh();
    };
    const pager = el('div', { class: 'pager' },
      el('button', { disabled: state.runs.offset === 0 ? 'disabled' : null, onclick: () => { state.runs.offset = Math.max(0, state.runs.offset - state.runs.limit); refresh(); } }, '‹ Previous'),
      el('span', { class: 'muted' }, `${page.total === 0 ? 0 : page.offset + 1}–${page.offset + page.items.length} of ${page.total} run(s)`),
      el('button', { disabled: page.offset + page.items.length >= page.total ? 'disabled' : null, onclick: () => { state.runs.offset += state.runs.limit; refresh(); } }, 'Next ›'));
    const options = { id: 'runs-table', sort: state.runs.sort, order: state.runs.order, onSort, onRow: (r) => { location.hash = '#/run/' + encodeURIComponent(r.run_id); } };
    const runsTable = table(columns, items, options);
    holder.replaceChildren(folded, runsTable, pager);
    // A run's new record replaces its row where it is (the list is not read again, the reader's place kept); a run
    // new to the file reads the list again, once.
    const asked = new Set();
    following.onRun = (run) => {
      if (!current(mine)) return;
      const i = items.findIndex(r => r.run_id === run.run_id);
      if (i < 0) {
        if (!asked.has(run.run_id) && !passes.has(run.run_id)) { asked.add(run.run_id); refresh().then(updated); }
        return;
      }
      items[i] = run;
      const row = table(columns, [run], options).querySelector('tbody tr');
      row.dataset.index = String(i);
      runsTable.querySelector(`tbody tr[data-index="${i}"]`).replaceWith(row);
      updated();
    };
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

// "; " between parameters: a name may hold a comma ("Stop loss, %"), and "Stop loss, %=1.5, Symbol=ESM6" reads wrong.
function parameters(values) {
  return values && typeof values === 'object' ? Object.entries(values).map(([k, v]) => `${k}=${v}`).join('; ') : (values ?? '');
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

  // The runs ticked on the Runs page, else the 12 most recent runs people made (an optimisation's passes left out:
  // they would fill the view), their equity curves overlaid, then their key figures side by side.
  let ids = [...state.selected];
  if (ids.length === 0) {
    const passes = await recorderCompare.passes();
    ids = (await api('/api/runs/?limit=200&sort=start_utc&order=desc')).items.filter(r => !passes.has(r.run_id)).slice(0, 12).map(r => r.run_id);
  }
  const runs = await Promise.all(ids.map(id => api('/api/runs/' + encodeURIComponent(id))));
  parts.push(el('h2', {}, state.selected.size > 0 ? 'Selected runs' : 'The most recent runs (tick runs on the Runs page to choose)'),
    ids.length > 0 ? el('a', { href: '#/report/' + ids.map(encodeURIComponent).join(','), id: 'compare-tearsheet' }, 'Tearsheet of these runs') : null);
  const overlay = runs.length > 0 ? await recorderCompare.chart(runs) : null;
  if (overlay) parts.push(...overlay.parts);
  for (const [title, group] of [['Key figures — backtests', runs.filter(r => r.run_type === 'BACKTEST')], ['Key figures — forward', runs.filter(r => r.run_type !== 'BACKTEST')]]) {
    parts.push(el('h3', {}, title));
    if (group.length === 0) { parts.push(el('p', { class: 'muted' }, 'No run selected.')); continue; }
    const keys = KEY_METRICS.filter(k => group.some(r => r.metrics.some(m => m.key === k)));
    const rows = keys.map(key => {
      const row = { key, unit: null };
      for (const r of group) { const m = r.metrics.find(x => x.key === key); row[r.run_id] = m ? m.value : null; row.unit = row.unit || (m && m.unit); }
      return row;
    });
    parts.push(table([
      { label: 'Metric', value: r => el('span', { title: `${r.key}: ${definition(r.key)}` }, metricLabel(r.key)) },
      ...group.map(run => ({ label: `${run.instance_name} · ${run.run_type} · ${day(run.start_utc)}`, num: true, title: run.run_id,
        value: r => formatMetric(r[run.run_id], r.unit, run.currency),
        cls: r => { const best = markBest(group.map(g => r[g.run_id]), r.key); return best !== null && r[run.run_id] === best ? 'best' : null; } })),
    ], rows, { id: title.includes('backtests') ? 'runs-backtest' : 'runs-forward' }));
  }

  if (!current(mine)) return;
  view.replaceChildren(...parts);
  if (overlay) overlay.draw();
  done('compare', mine);
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
  following.onRun = null;
  const hash = location.hash || (window.recorderSnapshot ? window.recorderSnapshot.route : '#/runs');
  for (const a of document.querySelectorAll('header nav a')) a.classList.toggle('active', hash.startsWith(a.getAttribute('href')));
  try {
    if (Object.keys(state.definitions).length === 0) state.definitions = await api('/api/metrics/definitions');
    if (hash.startsWith('#/report/')) await recorderTearsheet.show(decodeURIComponent(hash.slice(9)).split(','), mine);
    else if (hash.startsWith('#/run/')) await showRun(decodeURIComponent(hash.slice(6)), mine);
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

// A saved page holds one view (`recorder report` leaves out the navigation to the others).
if (window.recorderSnapshot) {
  document.getElementById('database').textContent = `${window.recorderSnapshot.database} · saved ${minute(window.recorderSnapshot.generated_utc)} UTC by recorder`;
}
window.addEventListener('hashchange', route);
route();
follow();
