// The Compare view's chart (#/compare): the chosen runs' equity curves overlaid, each in its own colour under a legend
// naming it. Runs whose periods overlap over at least half the shortest share the calendar; runs over different periods (a backtest and a
// later paper run) are overlaid by days since each run's start, as the report overlays them. One currency: equity in
// it; several: each run's return in % of its first point, since amounts in different currencies are never compared.
// Also which runs are a study's passes, so that the Runs and Compare views can open on the runs people made.
// Uses the page's helpers (el, api, toSec, day, LWC, chartOptions in run.js, loaded before app.js).
'use strict';

window.recorderCompare = (() => {
  const COLOURS = ['#4aa3ff', '#ffb74d', '#ce93d8', '#26a69a', '#ef5350', '#d4e157', '#a1887f', '#f06292', '#4dd0e1', '#9ccc65', '#9575cd', '#fff176'];
  const DAY = 86400;

  // The run ids of every study's passes, and each study by pass (GET /api/studies/ and each study's passes).
  async function passes() {
    const studies = await api('/api/studies/');
    const byRun = new Map();
    for (const s of studies) {
      const detail = await api('/api/studies/' + encodeURIComponent(s.study_id));
      for (const p of detail.passes) byRun.set(p.run_id, s);
    }
    return byRun;
  }

  async function chart(runs) {
    const holder = el('div', { class: 'chart', id: 'compare-chart' });
    const curves = await Promise.all(runs.map(r => api('/api/runs/' + encodeURIComponent(r.run_id) + '/equity')));
    const starts = runs.map(r => toSec(r.start_utc));
    const ends = runs.map((r, i) => curves[i].length > 0 ? toSec(curves[i][curves[i].length - 1].ts_utc) : toSec(r.end_utc || r.start_utc));
    // Shared calendar when the periods overlap over at least half the shortest one (a paper run started minutes
    // before a backtest's last bar does not share its period).
    const shortest = Math.min(...runs.map((r, i) => ends[i] - starts[i]));
    const calendar = Math.min(...ends) - Math.max(...starts) >= Math.max(1, shortest / 2);
    const currencies = new Set(runs.map(r => r.currency).filter(c => c));
    const money = currencies.size <= 1 && !currencies.has('MIXED');
    const unit = money ? (currencies.size === 1 ? [...currencies][0] : 'money') : '% of the first point';
    const dayLabel = (t) => `day ${Math.round(t / DAY)}`;
    const options = chartOptions(360);
    const drawn = { axis: calendar ? 'calendar' : 'days since start', unit, lines: [] };
    const legend = el('div', { class: 'legend', id: 'compare-legend' });
    const lines = [];
    runs.forEach((r, i) => {
      // One point per second, as the chart needs strictly increasing times; the last state of a second wins.
      const bySecond = new Map();
      const first = curves[i].length > 0 ? curves[i][0].equity : null;
      for (const p of curves[i]) {
        const t = calendar ? toSec(p.ts_utc) : toSec(p.ts_utc) - starts[i];
        bySecond.set(t, money ? p.equity : (first ? 100 * (p.equity / first - 1) : null));
      }
      const points = [...bySecond.entries()].filter(([, v]) => v !== null).sort((a, b) => a[0] - b[0]).map(([time, value]) => ({ time, value }));
      const colour = COLOURS[i % COLOURS.length];
      lines.push({ colour, points });
      drawn.lines.push({ run_id: r.run_id, colour, points: points.length });
      legend.append(el('span', { 'data-run': r.run_id }, el('span', { class: 'key', style: `border-top-color: ${colour}` }),
        `${r.instance_name || r.instance_id} · ${r.run_type} · ${day(r.start_utc)} · ${r.run_id.slice(0, 8)}`));
    });
    const caption = el('p', { class: 'muted', id: 'compare-axis' }, (money ? `Equity (${unit})` : 'Return (% of each run\'s first equity point; the runs are in different currencies)') +
      (calendar ? ' over the calendar (UTC).' : ' by days since each run\'s start: the runs cover different periods.'));
    // Drawn once the holder is in the page: a chart needs its width.
    const draw = () => {
      const c = LWC.createChart(holder, { ...options, timeScale: { ...options.timeScale, minBarSpacing: 0.01,
        ...(calendar ? {} : { tickMarkFormatter: dayLabel }) }, ...(calendar ? {} : { localization: { timeFormatter: dayLabel } }) });
      for (const line of lines) c.addSeries(LWC.LineSeries, { color: line.colour, lineWidth: 2, priceLineVisible: false, lastValueVisible: false }).setData(line.points);
      c.timeScale().fitContent();
      window.recorderPage.compareChart = drawn;
    };
    return { parts: [caption, legend, holder], draw };
  }

  return { chart, passes };
})();
