// The tearsheet's tables (tearsheet.js): worst drawdowns, monthly returns, breakdowns of closed trades, a forward
// run's reconciliation with its backtest, and each run's trades. Only formatting: the figures are the records of
// GET /api/tearsheet/ and GET /api/runs/{id}/trades as they came. Uses the page's helpers (el, swatch, signClass, num,
// formatMetric, minute in app.js).
'use strict';

window.recorderTearsheetTables = (() => {
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const MAX_TRADES = 2000;
  const note = (...text) => el('p', { class: 'note' }, ...text);
  const money = (v) => formatMetric(v, 'money');
  const head = (...names) => el('tr', {}, names.map(n => el('th', {}, n)));

  // The five worst drawdowns of each run: start, valley, recovery, depth, length (docs/metrics.md, "Worst drawdowns").
  function drawdowns(runs, currency) {
    const rows = runs.flatMap(r => r.worst_drawdowns.length === 0
      ? [el('tr', {}, el('td', {}, swatch(r.colour), r.label), el('td', { colspan: 7, class: 'muted' }, 'No drawdown.'))]
      : r.worst_drawdowns.map((e, i) => el('tr', { 'data-run': r.run_id }, el('td', {}, i === 0 ? [swatch(r.colour), r.label] : null), el('td', {}, String(i + 1)),
        el('td', {}, minute(e.start_utc)), el('td', {}, minute(e.valley_utc)), el('td', {}, e.recovery_utc ? minute(e.recovery_utc) : 'not recovered'),
        el('td', { class: 'neg' }, money(-e.depth)), el('td', {}, formatMetric(e.depth_pct === null ? null : -e.depth_pct, 'pct')), el('td', {}, num(e.length_days, 1)))));
    return [el('table', { id: 'worst-drawdowns' }, el('thead', {}, head('Run', '#', 'Start (UTC)', 'Valley (UTC)', 'Recovery (UTC)', `Depth (${currency})`, 'Depth %', 'Length (days)')), el('tbody', {}, rows)),
      note('An episode runs from the last point at the peak to the first point back at it (docs/metrics.md, "Worst drawdowns"); length to recovery, or to the run\'s last point when it never recovered.')];
  }

  // Years × months per run, the year's return at the end of the row; a month without a return is an empty cell.
  function monthly(runs) {
    const all = runs.flatMap(r => [...r.monthly, ...r.annual]).filter(p => p.return !== null).map(p => Math.abs(p.return));
    const scale = all.length > 0 ? Math.max(...all, 1e-9) : 1;
    const cell = (p, key, kind) => {
      if (p.return === null) return el('td', { class: kind, ['data-' + kind]: key }, '–');
      const strength = 0.1 + 0.6 * Math.min(1, Math.abs(p.return) / scale);
      return el('td', { class: kind, ['data-' + kind]: key, style: `background: rgba(${p.return >= 0 ? '38, 166, 154' : '239, 83, 80'}, ${strength.toFixed(2)})` }, num(p.return * 100));
    };
    return [...runs.map(r => {
      const months = new Map(r.monthly.map(m => [`${m.year}-${m.month}`, m]));
      const years = r.annual.map(y => el('tr', {}, el('th', {}, String(y.year)),
        MONTHS.map((_, m) => months.has(`${y.year}-${m + 1}`) ? cell(months.get(`${y.year}-${m + 1}`), `${y.year}-${String(m + 1).padStart(2, '0')}`, 'month') : el('td', { class: 'none' })),
        cell(y, String(y.year), 'year')));
      return el('table', { class: 'monthly', 'data-run': r.run_id }, el('caption', {}, swatch(r.colour), r.label),
        el('thead', {}, head('Year', ...MONTHS, 'Annual')),
        el('tbody', {}, years.length > 0 ? years : el('tr', {}, el('td', { colspan: 14, class: 'muted' }, 'No equity stored for this run.'))));
    }), note('Return of each calendar month (UTC): its last equity over the previous month\'s last (the first month over the run\'s start). A point stamped 00:00 on the 1st closes the month before. Empty: no return in that month (docs/metrics.md, "Monthly and annual returns").')];
  }

  // Closed trades by hour, weekday, side, symbol, entry tag and exit reason, runs side by side.
  function breakdowns(runs, currency) {
    const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
    const tables = runs[0].breakdowns.map((b, i) => {
      const perRun = runs.map(r => new Map(r.breakdowns[i].rows.map(x => [x.key, x])));
      let keys = [...new Set(runs.flatMap(r => r.breakdowns[i].rows.map(x => x.key)))];
      // Over several runs in the breakdowns' own order: Monday to Sunday, else as text (hours are "00"–"23").
      if (runs.length > 1) keys = keys.every(k => days.includes(k)) ? keys.sort((a, c) => days.indexOf(a) - days.indexOf(c)) : keys.sort();
      return el('table', { class: 'breakdown' }, el('caption', {}, b.title),
        el('thead', {}, el('tr', {}, el('th'), runs.map(r => el('th', { colspan: 3, class: 'run-head' }, swatch(r.colour), r.label.split(' · ')[0]))),
          el('tr', {}, el('th'), runs.map(() => ['Trades', 'Win %', 'Net PnL'].map(n => el('th', {}, n))))),
        el('tbody', {}, keys.map(k => el('tr', {}, el('th', {}, k), perRun.map(rows => rows.has(k)
          ? [el('td', {}, String(rows.get(k).trades)), el('td', {}, formatMetric(rows.get(k).win_rate, 'pct')), el('td', { class: signClass(rows.get(k).net_pnl) }, money(rows.get(k).net_pnl))]
          : [el('td'), el('td'), el('td')])))));
    });
    return [el('div', { class: 'breakdowns' }, tables), note(`Net PnL in ${currency}; a win is net PnL > 0. Hours and days of the entry, UTC.`)];
  }

  // A forward run against its backtest: the counts, the PnL bridge whose parts add up to the difference, the matched pairs.
  function reconciliation(c, runs) {
    const run = (id) => runs.find(r => r.run_id === id);
    const [forward, backtest] = [run(c.forward_run), run(c.backtest_run)];
    const parts = [['missed', 'Missed trades'], ['extra', 'Extra trades'], ['entry_slippage', 'Entry slippage'], ['exit_slippage', 'Exit slippage'], ['fees', 'Fees'], ['timing', 'Timing'], ['rest', 'Rest (size)']];
    const b = c.bridge;
    // Shown to the cent: a part that rounds to 0 reads 0.00, not -0.00 (data-value keeps it exactly).
    const shown = (v) => Math.abs(v) < 0.005 ? 0 : v;
    const bridge = !b ? el('p', { class: 'warn' }, 'No PnL bridge: the trades are in more than one currency.') : el('table', { class: 'bridge' },
      el('thead', {}, head(`PnL bridge (${b.currency || 'currency not recorded'})`, 'Amount')),
      el('tbody', {},
        el('tr', { class: 'total', 'data-part': 'backtest_net_pnl', 'data-value': String(b.backtest_net_pnl) }, el('th', {}, 'Backtest net PnL'), el('td', {}, money(b.backtest_net_pnl))),
        parts.map(([key, name]) => el('tr', { 'data-part': key, 'data-value': String(b.parts[key]) }, el('th', {}, '+ ' + name), el('td', { class: signClass(shown(b.parts[key])) }, money(shown(b.parts[key]))))),
        el('tr', { class: 'total', 'data-part': 'forward_net_pnl', 'data-value': String(b.forward_net_pnl) }, el('th', {}, '= Forward net PnL'), el('td', {}, money(b.forward_net_pnl)))));
    const pairs = c.pairs.length === 0 ? null : el('details', {}, el('summary', {}, `Matched trades (${c.matched})`), el('div', { class: 'scroll' }, el('table', { class: 'pairs' },
      el('thead', {}, head('Symbol', 'Side', 'Backtest entry (UTC)', 'Δ entry time (s)', 'Δ entry price', 'Δ exit time (s)', 'Δ exit price', 'Δ net PnL')),
      el('tbody', {}, c.pairs.map(p => el('tr', {}, el('td', {}, p.symbol), el('td', {}, p.side), el('td', {}, minute(p.backtest_entry_utc)), el('td', {}, num(p.entry_time_difference_s, 0)),
        el('td', {}, num(p.entry_price_difference)), el('td', {}, num(p.exit_time_difference_s, 0)), el('td', {}, num(p.exit_price_difference)),
        el('td', { class: signClass(p.net_pnl_difference) }, money(p.net_pnl_difference))))))),
      c.matched > c.pairs.length ? note(`First ${c.pairs.length} of ${c.matched} pairs; all of them: `, el('code', {}, `recorder reconcile ${c.forward_run} ${c.backtest_run}`), '.') : null);
    return el('div', { class: 'reconciliation', 'data-forward': c.forward_run, 'data-backtest': c.backtest_run },
      el('h3', {}, swatch(forward.colour), forward.label, ' against ', swatch(backtest.colour), backtest.label),
      el('p', { class: 'counts' }, el('b', { class: 'matched' }, String(c.matched)), ' matched · ', el('b', { class: 'missed' }, String(c.missed)), ' missed (backtest only) · ',
        el('b', { class: 'extra' }, String(c.extra)), ' extra (forward only)'),
      bridge, c.notes.map(n => note(n)), pairs);
  }

  // Each run's closed trades (the first ones of a long run, with the command that lists them all).
  function trades(runs) {
    return runs.map((r, i) => {
      const closed = r.trades.filter(t => !t.is_open && t.exit_utc);
      return el('details', { open: i === 0 ? '' : null, 'data-run': r.run_id }, el('summary', {}, swatch(r.colour), `${r.label}: ${closed.length} closed trade(s)`),
        el('div', { class: 'scroll' }, el('table', { class: 'trades' },
          el('thead', {}, head('#', 'Symbol', 'Side', 'Qty', 'Entry (UTC)', 'Entry', 'Exit (UTC)', 'Exit', `Net PnL (${r.currency || '?'})`, 'MAE', 'MFE', 'R', 'Exit reason', 'Entry tag')),
          el('tbody', {}, closed.slice(0, MAX_TRADES).map(t => el('tr', {}, el('td', {}, String(t.trade_no)), el('td', {}, t.symbol), el('td', {}, t.side), el('td', {}, num(t.quantity)),
            el('td', {}, minute(t.entry_utc)), el('td', {}, num(t.entry_price)), el('td', {}, minute(t.exit_utc)), el('td', {}, num(t.exit_price)),
            el('td', { class: signClass(t.net_pnl) }, money(t.net_pnl)), el('td', {}, money(t.mae)), el('td', {}, money(t.mfe)), el('td', {}, num(t.r_multiple)),
            el('td', {}, t.exit_reason || ''), el('td', {}, t.entry_tag || '')))))),
        closed.length > MAX_TRADES ? note(`First ${MAX_TRADES} of ${closed.length} trades; all of them: `, el('code', {}, `recorder export ${r.run_id} --what trades`), '.') : null);
    });
  }

  return { drawdowns, monthly, breakdowns, reconciliation, trades };
})();
