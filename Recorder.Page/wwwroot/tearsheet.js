// The tearsheet of one run or several overlaid (#/report/<id>,<id>…), what `recorder report` saves: the runs, their
// journal, equity with buy-and-hold, underwater, worst drawdowns, every metric, monthly returns, the daily return
// distribution, rolling Sharpe and volatility, MAE/MFE, breakdowns, a forward run's reconciliation, what-if exits,
// drift and trades. Every figure comes from GET /api/tearsheet/?runs=… and each run's own records (GET /api/runs/{id},
// …/equity, …/benchmark, …/trades); the page formats and draws them. Uses the page's helpers (el, swatch, api, table,
// num, formatMetric, done, current in app.js; the sections of tearsheet-tables.js, whatif.js, drift.js, journal.js).
'use strict';

window.recorderTearsheet = (() => {
  const T = () => window.recorderTearsheetTables;
  const heading = (id, text) => el('h2', { id }, text);
  const note = (text, attrs = {}) => el('p', { class: 'note', ...attrs }, text);
  const BENCHMARK = [['buy_and_hold_return_pct', 'return_pct', 'pct'], ['buy_and_hold_correlation', 'correlation', null], ['buy_and_hold_beta', 'beta', null]];

  // A chart's place: its legend (a swatch per run, a dash per buy-and-hold line when asked), the element it is drawn in.
  function figure(id, runs, yTitle, xTitle, { slots = false, benchmark = false } = {}) {
    return el('figure', { class: 'chart-box', 'data-chart': id },
      el('div', { class: 'legend', 'data-legend': id },
        runs.map(r => el('span', { class: 'item' }, swatch(r.colour), r.label)),
        benchmark ? runs.filter(r => r.benchmarkLabel).map(r => el('span', { class: 'item benchmark' }, el('span', { class: 'dash', style: `border-color:${r.colour}` }), r.benchmarkLabel)) : [],
        el('span', { class: 'y-title' }, yTitle)),
      el('div', { class: 'chart', id }), slots ? el('div', { class: 'x-axis' }) : null, xTitle ? el('figcaption', {}, xTitle) : null);
  }

  // One row per parameter: "Stop loss, %" = 0.8 must not read as part of the next one.
  function parameters(values) {
    if (!values || typeof values !== 'object') return values ? String(values) : el('span', { class: 'muted' }, 'none');
    return el('table', { class: 'params' }, Object.entries(values).map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, typeof v === 'string' ? v : JSON.stringify(v)))));
  }

  function runsTable(runs) {
    return table([
      { label: 'Run', value: r => el('span', {}, swatch(r.colour), r.label) },
      { label: 'Strategy', value: r => `${r.detail.strategy_name ?? ''} ${r.detail.strategy_version ?? ''}`.trim() },
      { label: 'Parameters', value: r => parameters(r.detail.parameters) },
      { label: 'Type · status', value: r => el('span', {}, r.detail.run_type, el('br'), el('span', { class: 'muted' }, r.detail.status)) },
      { label: 'Period (UTC)', value: r => el('span', {}, minute(r.detail.start_utc), el('br'), minute(r.detail.end_utc)) },
      { label: 'Initial balance', num: true, value: r => formatMetric(r.detail.initial_balance, 'money', r.detail.base_currency) },
    ], runs, { id: 'runs' });
  }

  // Every metric side by side (the server's rows: values, best, why one is missing), then buy-and-hold's three figures.
  function metricsTable(t, runs) {
    const name = (key, unit) => el('td', { class: 'metric', 'data-key': key, title: `${key}: ${state.definitions[key] ? state.definitions[key].text : 'Not defined in docs/metrics.md.'}` },
      metricLabel(key), unit === 'money' ? el('span', { class: 'muted' }, ` (${t.currency_label})`) : null);
    const rows = t.metrics.rows.map(row => el('tr', {}, name(row.key, row.unit), row.values.map((v, i) => {
      const best = row.best.includes(i);
      // ★ and bold the best of the row; green and red what the value means, so a best profit factor of 0.9 is starred and red.
      return el('td', { class: [best ? 'best' : null, meaningClass(row.key, v)].filter(Boolean).join(' ') || null },
        v === null && row.not_enough[i] ? row.not_enough[i] : formatMetric(v, row.unit));
    })));
    const benchmark = BENCHMARK.map(([key, field, unit], k) => el('tr', { class: 'benchmark' }, name(key), runs.map(r => {
      const b = r.benchmark;
      if (b.return_pct === null) return el('td', { 'data-run': r.run_id, class: k === 0 ? 'wrap muted' : 'muted' }, k === 0 ? b.missing : '–');
      return el('td', { 'data-run': r.run_id, 'data-value': b[field] === null ? '' : String(b[field]) }, formatMetric(b[field], unit === 'pct' ? 'pct' : 'ratio'),
        k === 0 ? el('span', { class: 'muted' }, ' ' + b.symbol) : null);
    })));
    return el('div', { class: 'scroll wide' }, el('table', { id: 'metrics' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Metric'), runs.map(r => el('th', { class: 'wrap' }, swatch(r.colour), r.label)))),
      el('tbody', {}, rows, benchmark)));
  }

  function benchmarkNotes(runs) {
    return [
      runs.some(r => r.benchmarkLabel) ? note('Dashed: buy and hold, each run\'s initial balance held in its symbol over the run\'s recorded bars (from the first bar\'s open to each bar\'s close; docs/metrics.md, "Buy-and-hold benchmark").', { id: 'benchmark-note' }) : null,
      ...runs.filter(r => r.benchmark.missing).map(r => note(`${r.label}: buy and hold: ${r.benchmark.missing}.`, { 'data-benchmark-missing': '' })),
    ];
  }

  async function show(ids, mine) {
    const t = await api('/api/tearsheet/?' + new URLSearchParams({ runs: ids.join(',') }));
    const runs = await Promise.all(t.runs.map(async r => {
      const base = '/api/runs/' + encodeURIComponent(r.run_id);
      const [detail, equity, benchmark, trades] = await Promise.all([api(base), api(base + '/equity'), api(base + '/benchmark'), api(base + '/trades')]);
      return { ...r, detail, equity, benchmark, trades, origin: equity.length > 0 ? toSec(equity[0].ts_utc) : 0,
        benchmarkLabel: benchmark.line.length > 0 ? `${r.label} buy & hold ${benchmark.symbol}` : null };
    }));
    const sheet = { ...t, runs };
    const time = t.calendar ? 'time (UTC)' : 'days since each run\'s start';
    const journals = await Promise.all(runs.filter(r => r.detail.journal.entries.length > 0 || r.detail.study_passes.length > 0).map(async r =>
      el('div', { class: 'journal-of', 'data-run': r.run_id }, el('h3', {}, swatch(r.colour), r.label),
        await recorderJournal.panel('/api/runs/' + encodeURIComponent(r.run_id) + '/journal', r.detail.journal, r.detail.study_passes))));
    const whatifs = runs.map(r => {
      const series = r.detail.series[0];
      const parts = recorderWhatIf.section(r.run_id, r.currency, series && series.symbol, r.detail.execution_count);
      return { parts, node: el('div', { class: 'whatif-of', 'data-run': r.run_id }, el('h3', {}, swatch(r.colour), r.label), parts) };
    });
    const drifts = runs.filter(r => r.detail.run_type === 'LIVE' || r.detail.run_type === 'PAPER').map(r => {
      const parts = recorderDrift.section(r.detail);
      return { parts, node: el('div', { class: 'drift', 'data-forward': r.run_id }, el('h3', {}, swatch(r.colour), r.label), parts.slice(1)) };
    });
    if (!current(mine)) return;
    const rolling = runs.some(r => r.rolling.length > 0);
    const shortOf = `No run has ${t.window} daily returns yet.`;
    view.replaceChildren(...[
      el('h1', {}, 'Strategy run report'),
      el('p', { class: 'meta' }, `${runs.length} run(s) · amounts in `, el('b', { id: 'currency' }, t.currency_label),
        window.recorderSnapshot ? ` · from ${recorderSnapshot.database} · saved ${minute(recorderSnapshot.generated_utc)} UTC by recorder` : ''),
      runsTable(runs),
      journals.length > 0 ? [heading('journal-section', 'Journal'), ...journals] : null,
      [...runs.flatMap(r => r.warnings.map(w => `${r.label}: ${w}`)), ...t.metrics.notes].map(w => el('p', { class: 'warn' }, w)),
      heading('equity', 'Equity'), t.calendar ? null : note('The runs cover different periods; they are overlaid by days since each run\'s start.'),
      figure('equity-chart', runs, `equity, ${t.currency_label}`, time, { benchmark: true }), benchmarkNotes(runs),
      heading('underwater', 'Underwater (drawdown from the running peak)'),
      figure('underwater-chart', runs, t.underwater_in_percent ? 'drawdown, %' : `drawdown, ${t.currency_label}`, time),
      heading('drawdowns', 'Worst five drawdowns'), T().drawdowns(runs, t.currency_label),
      heading('metrics-section', 'Metrics'), metricsTable(t, runs),
      note('★ best value of the row (none on counts and costs). Green and red say what a value means — a gain or a loss, a profit factor above or below 1, fees paid — not its rank. Hover a metric for its definition (docs/metrics.md).'),
      heading('returns', 'Monthly and annual returns (%)'), T().monthly(runs),
      heading('distribution', 'Distribution of daily returns'), t.histogram
        ? figure('returns-histogram', runs, 'days', 'daily return, % (close over the previous day\'s close − 1; UTC days)', { slots: true })
        : el('p', { class: 'empty' }, 'No daily returns (no equity, or the initial balance is unknown).'),
      heading('rolling', `Rolling Sharpe and volatility (${t.window}-day window)`),
      note(`Over the ${t.window} daily returns ending each day, annualised as each run's sharpe is, with √ of its periods a year (365 for a market open every day, else 252: docs/metrics.md, "Periods per year" and "Rolling Sharpe and volatility").`),
      rolling ? figure('rolling-sharpe-chart', runs, `Sharpe ratio, ${t.window} days`, time) : el('p', { class: 'empty' }, shortOf),
      rolling ? figure('rolling-volatility-chart', runs, `volatility, % a year, ${t.window} days`, time) : el('p', { class: 'empty' }, shortOf),
      heading('excursions', 'MAE / MFE of trades'), runs.some(r => r.excursions.length > 0)
        ? figure('mae-mfe-chart', runs, `MFE (best open PnL), ${t.currency_label}`, `MAE (worst open PnL), ${t.currency_label}`, { slots: true })
        : el('p', { class: 'empty' }, 'No closed trades.'),
      heading('breakdowns-section', 'Breakdowns of closed trades'), T().breakdowns(runs, t.currency_label),
      t.reconciliations.length > 0 ? [heading('reconciliation', 'Reconciliation: forward run against its backtest'), t.reconciliations.map(c => T().reconciliation(c, runs))] : null,
      heading('whatif-section', 'What-if exits'), whatifs.map(w => w.node),
      drifts.length > 0 ? [heading('drift-section', 'Drift: forward run against its backtest\'s band'), drifts.map(d => d.node)] : null,
      heading('trades', 'Trades'), T().trades(runs)].flat(Infinity).filter(n => n !== null && n !== undefined));
    recorderCharts.drawAll(sheet);
    // The what-if grids and drift bands load on their own; the view is ready once they are drawn.
    await Promise.all([...whatifs, ...drifts].map(w => w.parts.loading));
    done('report', mine);
  }

  return { show };
})();
