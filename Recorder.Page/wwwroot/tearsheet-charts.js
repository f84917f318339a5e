// The tearsheet's charts (#/report/…, tearsheet.js), by lightweight-charts: lines over time (equity with each run's
// buy-and-hold dashed, underwater, rolling Sharpe and volatility) and charts over a number (the daily return histogram
// on the server's bins, MAE/MFE). Only drawing: every figure is a record of the API as it came. What it drew is left in
// window.recorderPage.charts and .axes for the browser tests. Uses chartOptions (run.js), LWC and roundStep (app.js).
'use strict';

window.recorderCharts = (() => {
  const DAY = 86400;
  const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const formats = { money: v => cents.format(v), wholeMoney: v => whole.format(v), pct: v => v.toFixed(2) + '%', ratio: v => v.toFixed(2), count: v => String(Math.round(v)) };
  const none = 'rgba(0, 0, 0, 0)';
  const alpha = (hex, a) => 'rgba(' + [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16)).join(', ') + ', ' + a + ')';
  const dayLabel = t => 'day ' + Math.round(t / DAY);
  const common = { priceLineVisible: false, lastValueVisible: false };
  let benchmarks = [];

  // One point per whole second, as the library needs strictly increasing times: the last value of a second stands for
  // it. Without the calendar, seconds since the run's first equity point (its buy-and-hold line too).
  function bySecond(points, origin) {
    const seconds = new Map();
    for (const [time, value] of points) if (value !== null && value !== undefined && Number.isFinite(value)) seconds.set(Math.floor(time - origin), value);
    return [...seconds.entries()].sort((a, b) => a[0] - b[0]);
  }

  // Money in whole units on a chart whose amounts reach the thousands, so that one axis has one format.
  function format(spec) {
    const big = spec.series.some(s => s.points.some(p => Math.abs(p[1]) >= 1000));
    return formats[spec.format === 'money' && big ? 'wholeMoney' : spec.format];
  }

  function options(spec) {
    const base = chartOptions(300);
    const o = { ...base, localization: { locale: 'en-US', priceFormatter: format(spec) }, handleScroll: false, handleScale: false,
      rightPriceScale: { ...base.rightPriceScale }, crosshair: { mode: 0 },
      // A run has thousands of points: fitContent shows them all only if a point may take less than half a pixel.
      timeScale: { ...base.timeScale, minBarSpacing: 0.01 } };
    if (spec.ceiling !== undefined) o.rightPriceScale.scaleMargins = { top: 0.04, bottom: 0.08 };
    if (spec.axis === 'days') { o.timeScale.tickMarkFormatter = dayLabel; o.localization.timeFormatter = dayLabel; }
    if (spec.axis === 'slots') { o.timeScale.visible = false; o.crosshair.vertLine = { visible: false, labelVisible: false }; }
    return o;
  }

  // Drawdowns are never above 0: the scale stops there instead of leaving an empty band above.
  const ceiling = spec => spec.ceiling === undefined ? {} : {
    autoscaleInfoProvider: original => { const r = original(); if (r && r.priceRange) r.priceRange.maxValue = Math.min(r.priceRange.maxValue, spec.ceiling); return r; },
  };

  function addSeries(chart, spec, s, index) {
    const o = { ...common, ...ceiling(spec) };
    switch (s.kind) {
      case 'histogram': return chart.addSeries(LWC.HistogramSeries, { ...o, color: s.color, base: 0 });
      case 'scatter': return chart.addSeries(LWC.LineSeries, { ...o, color: s.color, lineVisible: false, pointMarkersVisible: true, pointMarkersRadius: 3, crosshairMarkerVisible: false });
      case 'underwater': return chart.addSeries(LWC.BaselineSeries, { ...o, baseValue: { type: 'price', price: 0 }, lineWidth: 2, topLineColor: s.color, bottomLineColor: s.color,
        topFillColor1: none, topFillColor2: none, bottomFillColor1: alpha(s.color, 0.15), bottomFillColor2: alpha(s.color, 0.45) });
      // Buy-and-hold in its run's colour, dashed: it pairs with the run's solid line.
      case 'benchmark': return chart.addSeries(LWC.LineSeries, { ...o, color: s.color, lineWidth: 2, lineStyle: LWC.LineStyle.Dashed, crosshairMarkerVisible: false });
      // The first run's line is wider: where a forward run and its backtest coincide, both stay visible.
      default: return chart.addSeries(LWC.LineSeries, { ...o, color: s.color, lineWidth: index === 0 && spec.series.length > 1 ? 4 : 2 });
    }
  }

  // A slot chart's x axis: every slot present (whitespace where a series has no point), so that a slot's logical
  // index is its number; points that share a slot go to further layers of the same colour.
  function slotLayers(spec, s, index) {
    const layers = [], seen = new Map();
    for (const [slot, value] of s.points) {
      const n = seen.get(slot) || 0;
      seen.set(slot, n + 1);
      (layers[n] = layers[n] || []).push({ time: slot + 1, value });
    }
    if (layers.length === 0) layers.push([]);
    if (index === 0) {
      const have = new Set(layers[0].map(p => p.time));
      for (let slot = 0; slot < spec.slots; slot++) if (!have.has(slot + 1)) layers[0].push({ time: slot + 1 });
      layers[0].sort((a, b) => a.time - b.time);
    }
    return layers;
  }

  function placeLabels(chart, spec, axis) {
    const scale = chart.timeScale();
    // The plot's width: the time scale is hidden here, so measured as the chart less its price scale.
    const width = chart.chartElement().clientWidth - chart.priceScale('right').width();
    if (!(width > 0) || scale.logicalToCoordinate(0) === null) return;
    axis.textContent = '';
    for (const [at, text] of spec.labels) {
      // Between two slots (a bin's edge): the library places whole logical indexes only, so interpolate.
      const lo = Math.floor(at), a = scale.logicalToCoordinate(lo), b = scale.logicalToCoordinate(lo + 1);
      const x = a === null || b === null ? null : a + ((b - a) * (at - lo));
      if (x === null || x < -1 || x > width + 1) continue;
      const label = el('span', {}, text);
      axis.append(label);
      label.style.left = Math.max(0, Math.min(width - label.offsetWidth, x - label.offsetWidth / 2)) + 'px';
    }
    window.recorderPage.axes[spec.id] = axis.children.length;
  }

  // Draws one chart into its element (in the page already: a chart needs its width).
  function draw(spec) {
    const element = document.getElementById(spec.id);
    if (!element) return;
    const chart = LWC.createChart(element, options(spec));
    let points = 0, series = 0;
    spec.series.forEach((s, index) => {
      const layers = spec.axis === 'slots' ? slotLayers(spec, s, index) : [s.points.map(([time, value]) => ({ time, value }))];
      for (const layer of layers) {
        const added = addSeries(chart, spec, s, index);
        added.setData(layer);
        if (s.kind === 'benchmark') benchmarks.push([chart, added]);
        series++;
      }
      points += s.points.length;
    });
    chart.timeScale().fitContent();
    if (spec.axis === 'slots') {
      const axis = element.parentElement.querySelector('.x-axis');
      const place = () => placeLabels(chart, spec, axis);
      chart.timeScale().subscribeSizeChange(place);
      chart.timeScale().subscribeVisibleLogicalRangeChange(place);
      // The chart takes its size from a resize observer after the first layout: place again for a few frames.
      let frames = 0;
      const settle = () => { place(); if (frames++ < 30) requestAnimationFrame(settle); };
      requestAnimationFrame(settle);
    }
    window.recorderPage.charts[spec.id] = { series, points };
  }

  // A chart over time: one series per run, then each run's buy-and-hold line when given.
  function overTime(id, t, format, kind, points, benchmark) {
    const origin = (run) => t.calendar ? 0 : run.origin;
    const series = t.runs.map(run => ({ name: run.label, color: run.colour, kind, points: bySecond(points(run), origin(run)) }));
    for (const run of benchmark ? t.runs.filter(r => r.benchmark.line.length > 0) : []) {
      series.push({ name: run.benchmarkLabel, color: run.colour, kind: 'benchmark', points: bySecond(benchmark(run), origin(run)) });
    }
    return { id, axis: t.calendar ? 'time' : 'days', format, ceiling: id === 'underwater-chart' ? 0 : undefined, series };
  }

  // Round steps 1, 2, 2.5 or 5 × 10^k covering [min, max] with about `count` intervals (the MAE axis).
  function ticks(min, max, count) {
    const step = roundStep(max - min, count, [1, 2, 2.5, 5, 10], 1e-12);
    const out = [];
    for (let i = Math.ceil(min / step - 1e-9); i * step <= max + step * 1e-9; i++) out.push(Math.abs(i) < 1e-9 ? 0 : i * step);
    return out;
  }

  // The server's bins: one bar per run in each bin (several runs: an empty slot between bins), edges labelled at its round values.
  function histogram(t) {
    const h = t.histogram, group = t.runs.length === 1 ? 1 : t.runs.length + 1;
    const labels = [];
    for (let edge = 0; edge <= h.bins; edge++) {
      if ((h.first + edge) % h.label_every !== 0) continue;
      const value = (h.first + edge) * h.step;
      labels.push([edge * group - 0.5, Number((Math.abs(value) < h.step / 2 ? 0 : value).toFixed(6)).toString() + '%']);
    }
    return { id: 'returns-histogram', axis: 'slots', format: 'count', slots: h.bins * group, labels,
      series: t.runs.map((run, r) => ({ name: run.label, color: run.colour, kind: 'histogram', points: h.counts[r].map((c, b) => [b * group + r, c]) })) };
  }

  // Each closed trade a point: x its MAE on 240 equal slots between a round bound and 0, y its MFE.
  function excursions(t) {
    const SLOTS = 240, PAD = 4;
    const worst = Math.min(0, ...t.runs.flatMap(r => r.excursions.map(e => e.mae)));
    const first = ticks(worst < 0 ? worst : -1, 0, 6), step = first.length > 1 ? first[1] - first[0] : 1;
    let low = Math.floor(Math.min(worst, first[0]) / step) * step;
    if (low >= 0) low = -step;
    const width = -low / SLOTS;
    return { id: 'mae-mfe-chart', axis: 'slots', format: 'money', slots: SLOTS + 1 + 2 * PAD,
      labels: ticks(low, 0, 6).map(v => [PAD + (v - low) / width, v.toLocaleString('en-US', { maximumFractionDigits: 2 })]),
      series: t.runs.map(run => ({ name: run.label, color: run.colour, kind: 'scatter',
        points: run.excursions.map(e => [PAD + Math.round((e.mae - low) / width), e.mfe]).sort((a, b) => a[0] - b[0]) })) };
  }

  // The specs of every chart the tearsheet has data for.
  function specs(t) {
    const toDay = (day) => Date.parse(day + 'T00:00:00Z') / 1000;
    const list = [
      overTime('equity-chart', t, 'money', 'line', run => run.equity.map(p => [toSec(p.ts_utc), p.equity]), run => run.benchmark.line.map(p => [toSec(p.ts_utc), p.value])),
      overTime('underwater-chart', t, t.underwater_in_percent ? 'pct' : 'money', t.runs.length === 1 ? 'underwater' : 'line',
        run => run.equity.map(p => [toSec(p.ts_utc), -(t.underwater_in_percent ? p.drawdown_pct ?? 0 : p.drawdown)])),
      overTime('rolling-sharpe-chart', t, 'ratio', 'line', run => run.rolling.map(p => [toDay(p.day), p.sharpe])),
      overTime('rolling-volatility-chart', t, 'pct', 'line', run => run.rolling.map(p => [toDay(p.day), p.volatility_pct])),
    ];
    if (t.histogram) list.push(histogram(t));
    if (t.runs.some(r => r.excursions.length > 0)) list.push(excursions(t));
    return list;
  }

  function drawAll(t) {
    benchmarks = [];
    window.recorderPage.charts = {};
    window.recorderPage.axes = {};
    for (const spec of specs(t)) {
      try { draw(spec); } catch (e) { console.error('chart ' + spec.id + ': ' + e); }
    }
    // For the browser test: the buy-and-hold lines off and on again, or only one of them (the scales held).
    window.recorderPage.setBenchmarksVisible = (visible, only) => benchmarks.forEach(([chart, line], i) => {
      chart.priceScale('right').applyOptions({ autoScale: false });
      line.applyOptions({ visible: visible && (only === undefined || only === i) });
    });
  }

  return { drawAll };
})();
