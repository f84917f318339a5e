namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// The inline script that draws the charts of the report-data JSON (<see cref="ChartData"/>) with the inlined
/// lightweight-charts. It only draws: every figure was computed before the page was written.
/// </summary>
internal static class ReportScript
{
    public const string Js = """
        (() => {
          'use strict';
          const LWC = window.LightweightCharts;
          const data = JSON.parse(document.getElementById('report-data').textContent);
          const state = { charts: {}, axes: {} };
          window.recorderReport = state;
          // For the browser test: the buy-and-hold lines off and on again, or only one of them (the scales held), to see
          // each one's own pixels where they overlap.
          const benchmarks = [];
          state.setBenchmarksVisible = (visible, only) => benchmarks.forEach(([chart, line], i) => {
            chart.priceScale('right').applyOptions({ autoScale: false });
            line.applyOptions({ visible: visible && (only === undefined || only === i) });
          });
          const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
          const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
          const formats = {
            money: v => cents.format(v),
            wholeMoney: v => whole.format(v),
            pct: v => v.toFixed(2) + '%',
            ratio: v => v.toFixed(2),
            count: v => String(Math.round(v)),
          };
          const dayLabel = t => 'day ' + Math.round(t / 86400);
          const none = 'rgba(0, 0, 0, 0)';
          const alpha = (hex, a) => 'rgba(' + [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16)).join(', ') + ', ' + a + ')';

          // Money in whole units on a chart whose amounts reach the thousands, so that one axis has one format.
          function format(spec) {
            const big = spec.series.some(s => s.points.some(p => Math.abs(p[1]) >= 1000));
            return formats[spec.format === 'money' && big ? 'wholeMoney' : spec.format];
          }

          function options(spec) {
            const o = {
              autoSize: true,
              layout: { background: { type: 'solid', color: '#ffffff' }, textColor: '#444444', fontSize: 11 },
              grid: { vertLines: { color: '#f1f1f1' }, horzLines: { color: '#f1f1f1' } },
              rightPriceScale: { borderColor: '#cccccc' },
              // A run has thousands of points: fitContent shows them all only if a point may take less than the
              // library's default half pixel (else the start of every line is cut off).
              timeScale: { borderColor: '#cccccc', timeVisible: true, secondsVisible: false, minBarSpacing: 0.01 },
              localization: { locale: 'en-US', priceFormatter: format(spec) },
              handleScroll: false,
              handleScale: false,
              crosshair: { mode: 0 },
            };
            if (spec.ceiling !== undefined) o.rightPriceScale.scaleMargins = { top: 0.04, bottom: 0.08 };
            if (spec.axis === 'days') {
              o.timeScale.tickMarkFormatter = dayLabel;
              o.localization.timeFormatter = dayLabel;
            }
            if (spec.axis === 'slots') {
              o.timeScale.visible = false;
              o.crosshair.vertLine = { visible: false, labelVisible: false };
            }
            return o;
          }

          const common = { priceLineVisible: false, lastValueVisible: false };
          // Drawdowns are never above 0: the scale stops there instead of leaving an empty band above.
          const ceiling = spec => spec.ceiling === undefined ? {} : {
            autoscaleInfoProvider: original => {
              const r = original();
              if (r && r.priceRange) r.priceRange.maxValue = Math.min(r.priceRange.maxValue, spec.ceiling);
              return r;
            },
          };
          function addSeries(chart, spec, s, index) {
            const o = ceiling(spec);
            switch (s.kind) {
              case 'histogram':
                return chart.addSeries(LWC.HistogramSeries, { ...common, ...o, color: s.color, base: 0 });
              case 'scatter':
                return chart.addSeries(LWC.LineSeries, { ...common, ...o, color: s.color, lineVisible: false, pointMarkersVisible: true,
                  pointMarkersRadius: 3, crosshairMarkerVisible: false });
              case 'underwater':
                return chart.addSeries(LWC.BaselineSeries, { ...common, ...o, baseValue: { type: 'price', price: 0 }, lineWidth: 2,
                  topLineColor: s.color, bottomLineColor: s.color, topFillColor1: none, topFillColor2: none,
                  bottomFillColor1: alpha(s.color, 0.15), bottomFillColor2: alpha(s.color, 0.45) });
              case 'benchmark':
                // Buy-and-hold in its run's colour, dashed: it pairs with the run's solid line.
                return chart.addSeries(LWC.LineSeries, { ...common, ...o, color: s.color, lineWidth: 2, lineStyle: LWC.LineStyle.Dashed,
                  crosshairMarkerVisible: false });
              default:
                // The first run's line is wider: where a forward run and its backtest coincide, both stay visible.
                return chart.addSeries(LWC.LineSeries, { ...common, ...o, color: s.color, lineWidth: index === 0 && spec.series.length > 1 ? 4 : 2 });
            }
          }

          // A slot chart's x axis: every slot present (whitespace where a series has no point), so that a slot's
          // logical index is its number; points that share a slot go to further layers of the same colour.
          function slotLayers(spec, s, index) {
            const layers = [];
            const seen = new Map();
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
              const lo = Math.floor(at);
              const a = scale.logicalToCoordinate(lo);
              const b = scale.logicalToCoordinate(lo + 1);
              const x = a === null || b === null ? null : a + ((b - a) * (at - lo));
              if (x === null || x < -1 || x > width + 1) continue;
              const label = document.createElement('span');
              label.textContent = text;
              axis.appendChild(label);
              const w = label.offsetWidth;
              label.style.left = Math.max(0, Math.min(width - w, x - w / 2)) + 'px';
            }
            state.axes[spec.id] = axis.children.length;
          }

          function draw(spec) {
            const element = document.getElementById(spec.id);
            if (!element) return;
            const chart = LWC.createChart(element, options(spec));
            let points = 0;
            let series = 0;
            spec.series.forEach((s, index) => {
              const layers = spec.axis === 'slots'
                ? slotLayers(spec, s, index)
                : [s.points.map(([time, value]) => ({ time, value }))];
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
            state.charts[spec.id] = { series, points };
          }

          for (const spec of data.charts) {
            try {
              draw(spec);
            } catch (e) {
              console.error('chart ' + spec.id + ': ' + e);
            }
          }
          state.ready = true;
        })();
        """;
}
