// A study's surfaces drawn as SVG: the objective over one input (a line of the cells' means) and over two (a grid of
// cells coloured by their mean), for the study view (study.js) and the what-if grid (whatif.js). Every figure comes
// from the surface the analytics computed (GET /api/studies/{id}/surface): this file only draws it, marks the cell
// holding the best pass and the plateau pick, and shows a cell's values on hover. Uses the page's svg and roundStep (app.js).
'use strict';

window.recorderSurface = (() => {
  const fmt = (v) => v === null || v === undefined ? '—' : Number(v).toLocaleString('en-US', { maximumFractionDigits: Math.abs(v) >= 100 ? 1 : 3 });
  const passWord = (n) => n === 1 ? '1 pass' : n + ' passes';
  // Colour scale from low to high objective (better is always the brighter end: the scale flips when lower is better).
  const STOPS = [[0x2c, 0x1e, 0x5c], [0x3b, 0x52, 0x8b], [0x21, 0x91, 0x8c], [0x5e, 0xc9, 0x62], [0xfd, 0xe7, 0x25]];
  function colour(t) {
    const x = Math.max(0, Math.min(1, t)) * (STOPS.length - 1), i = Math.min(STOPS.length - 2, Math.floor(x)), f = x - i;
    const c = STOPS[i].map((a, k) => Math.round(a + (STOPS[i + 1][k] - a) * f));
    return `rgb(${c[0]},${c[1]},${c[2]})`;
  }

  // How an axis was formed, in the words the page and the report print under a surface.
  function axisMethod(axis) {
    return axis.method === 'DistinctValues'
      ? `${axis.parameter}: one bin per distinct value (${axis.bins.length})`
      : `${axis.parameter}: ${axis.bins.length} equal-width bins over the passes' range`;
  }
  // A cell's mean is over the passes in it: when any cell holds more than one, each shows its count.
  const counted = (surface) => surface.cells.some(c => c.count > 1);
  function method(surface, objective) {
    const axes = [surface.x, surface.y].filter(Boolean).map(axisMethod).join('; ');
    const what = surface.y ? 'cell' : 'point';
    return `${axes}. Each ${what} is the mean ${objective} of the passes in it` +
      (surface.y && counted(surface) ? ', with their number in brackets under it' : surface.y ? ' (one pass in each)' : '') + '; ' +
      'an empty cell has no pass and is left blank (nothing interpolated). ' + passWord(surface.passes) + ' on the surface; ' +
      (surface.y ? '★ and the pink frame mark the cell holding the best pass, the dashed frame the plateau pick.' : '★ marks the point holding the best pass, the dashed ring the plateau pick.');
  }

  // The bin a pass's value falls in (the pass's own input, to place the plateau pick): the analytics' bins as given.
  function binOf(axis, value) {
    return axis.bins.findIndex((b, i) => b.low === null || b.low === undefined ? b.label === String(value)
      : value >= b.low && (value < b.high || (i === axis.bins.length - 1 && value <= b.high) || b.low === b.high && value === b.low));
  }

  function tip(holder) {
    let t = holder.querySelector('.surface-tip');
    if (!t) { t = document.createElement('div'); t.className = 'surface-tip'; t.hidden = true; holder.append(t); }
    return t;
  }
  function hover(holder, node, text) {
    const t = tip(holder);
    const show = (e) => {
      t.textContent = text; t.hidden = false;
      const box = holder.getBoundingClientRect();
      t.style.left = Math.min(e.clientX - box.left + 14, box.width - 260) + 'px';
      // Above the pointer where there is room, so the tip does not hide the axis under it.
      const above = e.clientY - box.top - t.offsetHeight - 12;
      t.style.top = (above >= 0 ? above : e.clientY - box.top + 14) + 'px';
      holder.dataset.hovered = node.dataset.cell;
    };
    node.addEventListener('mousemove', show);
    node.addEventListener('mouseleave', () => { t.hidden = true; });
  }
  const cellText = (surface, c, objective) => {
    const where = [surface.x.parameter + ' ' + surface.x.bins[c.x].label];
    if (surface.y) where.push(surface.y.parameter + ' ' + surface.y.bins[c.y].label);
    return where.join(', ') + ' · ' + passWord(c.count) + (c.count === 0 ? ' (empty)' : ` · mean ${objective} ${fmt(c.mean)} · best ${fmt(c.best)}`) +
      (c.best_pass_id && c.best_pass_id === surface.best_pass_id ? ' · ★ best pass of the study' : '');
  };

  // opts: { objective, higherIsBetter, plateauPick: { x: value, y: value } | null, width, height }
  function line(holder, surface, opts) {
    holder.replaceChildren();
    const W = opts.width || 620, H = opts.height || 280, L = 64, R = 16, T = 34, B = 48;
    const cells = surface.cells, known = cells.filter(c => c.mean !== null);
    const lo = Math.min(...known.map(c => c.mean)), hi = Math.max(...known.map(c => c.mean));
    // Round ticks (1, 2 or 5 times a power of ten) spanning the means; each input value sits in the middle of its band.
    const step = roundStep(hi > lo ? hi - lo : Math.abs(hi) || 1, 4, [1, 2, 5, 10]), y0 = Math.floor(lo / step) * step, y1 = Math.ceil(hi / step) * step || step;
    const band = (W - L - R) / cells.length, px = (i) => L + (i + 0.5) * band;
    const py = (v) => T + (y1 - v) / (y1 - y0) * (H - T - B);
    const root = svg('svg', { class: 'surface line', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img' });
    for (let v = y0; v <= y1 + step / 2; v += step) {
      root.append(svg('line', { x1: L, x2: W - R, y1: py(v), y2: py(v), class: 'grid' }), svg('text', { x: L - 6, y: py(v) + 4, 'text-anchor': 'end', class: 'tick' }, fmt(Math.round(v / step) * step)));
    }
    cells.forEach((c, i) => root.append(svg('text', { x: px(i), y: H - B + 16, 'text-anchor': 'middle', class: 'tick' }, surface.x.bins[i].label)));
    root.append(svg('text', { x: (L + W - R) / 2, y: H - 8, 'text-anchor': 'middle', class: 'axis' }, surface.x.parameter),
      svg('text', { x: 14, y: (T + H - B) / 2, 'text-anchor': 'middle', class: 'axis', transform: `rotate(-90 14 ${(T + H - B) / 2})` }, 'mean ' + opts.objective));
    const path = known.map(c => `${px(c.x)},${py(c.mean)}`).join(' ');
    root.append(svg('polyline', { points: path, class: 'mean' }));
    let best = -1;
    cells.forEach((c, i) => {
      const isBest = c.best_pass_id !== null && c.best_pass_id === surface.best_pass_id;
      if (isBest) best = i;
      const g = svg('g', { class: 'point' + (isBest ? ' best' : '') + (c.count === 0 ? ' empty' : ''), 'data-cell': i, 'data-count': c.count });
      g.dataset.cell = i;
      g.append(svg('rect', { x: px(i) - band / 2, y: T, width: band, height: H - T - B, class: 'hit' }));
      if (c.mean !== null) g.append(svg('circle', { cx: px(i), cy: py(c.mean), r: isBest ? 7 : 4.5 }));
      if (isBest) g.append(svg('text', { x: px(i), y: py(c.mean) - 12, 'text-anchor': 'middle', class: 'star' }, '★ best'));
      if (opts.plateauPick && binOf(surface.x, opts.plateauPick[surface.x.parameter]) === i) {
        g.append(svg('circle', { cx: px(i), cy: c.mean === null ? T + 8 : py(c.mean), r: 11, class: 'pick-ring' }));
      }
      hover(holder, g, cellText(surface, c, opts.objective));
      root.append(g);
    });
    holder.prepend(root);
    holder.dataset.points = known.length;
    return { cells: cells.length, best };
  }

  function heatmap(holder, surface, opts) {
    holder.replaceChildren();
    const nx = surface.x.bins.length, ny = surface.y.bins.length;
    const L = 96, T = 12, B = 44, R = 150;
    const cw = Math.max(36, Math.min(90, Math.floor(((opts.width || 620) - L - R) / nx))), ch = Math.max(24, Math.min(56, Math.floor(360 / ny)));
    const W = L + nx * cw + R, H = T + ny * ch + B;
    const known = surface.cells.filter(c => c.mean !== null);
    const lo = Math.min(...known.map(c => c.mean)), hi = Math.max(...known.map(c => c.mean));
    const t = (v) => { const s = hi > lo ? (v - lo) / (hi - lo) : 1; return opts.higherIsBetter === false ? 1 - s : s; };
    const root = svg('svg', { class: 'surface heatmap', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img' });
    const withCount = counted(surface);
    // Rows from the top: the highest y bin first, as a chart's y axis reads.
    const cx = (x) => L + x * cw, cy = (y) => T + (ny - 1 - y) * ch;
    let best = -1;
    surface.cells.forEach((c, i) => {
      const isBest = c.best_pass_id !== null && c.best_pass_id === surface.best_pass_id;
      if (isBest) best = i;
      const g = svg('g', { class: 'cell' + (isBest ? ' best' : '') + (c.count === 0 ? ' empty' : ''), 'data-cell': i, 'data-count': c.count, 'data-x': c.x, 'data-y': c.y });
      g.dataset.cell = i;
      g.append(svg('rect', { x: cx(c.x) + 1, y: cy(c.y) + 1, width: cw - 2, height: ch - 2, fill: c.mean === null ? 'none' : colour(t(c.mean)) }));
      const dark = c.mean !== null && t(c.mean) > 0.55;
      if (c.mean !== null && cw >= 44) g.append(svg('text', { x: cx(c.x) + cw / 2, y: cy(c.y) + ch / 2 + (withCount ? -2 : 4), 'text-anchor': 'middle', class: 'value' + (dark ? ' dark' : '') }, fmt(c.mean)));
      if (c.count > 0 && withCount) g.append(svg('text', { x: cx(c.x) + cw / 2, y: cy(c.y) + ch / 2 + (cw >= 44 ? 11 : 4), 'text-anchor': 'middle', class: 'count' + (dark ? ' dark' : '') }, `(${c.count})`));
      if (isBest) g.append(svg('rect', { x: cx(c.x) + 2, y: cy(c.y) + 2, width: cw - 4, height: ch - 4, class: 'best-mark' }),
        svg('text', { x: cx(c.x) + cw - 4, y: cy(c.y) + 12, 'text-anchor': 'end', class: 'star' + (dark ? ' dark' : '') }, '★'));
      hover(holder, g, cellText(surface, c, opts.objective));
      root.append(g);
    });
    if (opts.plateauPick) {
      const px = binOf(surface.x, opts.plateauPick[surface.x.parameter]), py = binOf(surface.y, opts.plateauPick[surface.y.parameter]);
      if (px >= 0 && py >= 0) root.append(svg('rect', { x: cx(px) + 5, y: cy(py) + 5, width: cw - 10, height: ch - 10, class: 'pick-mark' }));
    }
    surface.x.bins.forEach((b, i) => root.append(svg('text', { x: cx(i) + cw / 2, y: T + ny * ch + 14, 'text-anchor': 'middle', class: 'tick' }, b.label)));
    surface.y.bins.forEach((b, i) => root.append(svg('text', { x: L - 6, y: cy(i) + ch / 2 + 4, 'text-anchor': 'end', class: 'tick' }, b.label)));
    root.append(svg('text', { x: L + nx * cw / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis' }, surface.x.parameter),
      svg('text', { x: 12, y: T + ny * ch / 2, 'text-anchor': 'middle', class: 'axis', transform: `rotate(-90 12 ${T + ny * ch / 2})` }, surface.y.parameter));
    // The colour legend: a gradient from the worst mean to the best, labelled with both.
    const gx = L + nx * cw + 24, gh = ny * ch, id = 'surface-grad-' + Math.random().toString(36).slice(2);
    const grad = svg('linearGradient', { id, x1: 0, y1: 1, x2: 0, y2: 0 });
    for (let k = 0; k <= 8; k++) grad.append(svg('stop', { offset: k / 8, 'stop-color': colour(k / 8) }));
    const defs = svg('defs');
    defs.append(grad);
    root.append(defs, svg('rect', { x: gx, y: T, width: 14, height: gh, fill: `url(#${id})`, class: 'legend-bar' }));
    const [top, bottom] = opts.higherIsBetter === false ? [lo, hi] : [hi, lo];
    root.append(svg('text', { x: gx + 18, y: T + 10, class: 'tick legend-hi' }, fmt(top)), svg('text', { x: gx + 18, y: T + gh, class: 'tick legend-lo' }, fmt(bottom)),
      svg('text', { x: gx + 18, y: T + gh / 2 + 4, class: 'tick' }, opts.higherIsBetter === false ? 'lower is better' : 'mean ' + opts.objective));
    holder.prepend(root);
    return { cells: surface.cells.length, best, counts: withCount };
  }

  // The styles both hosts need for the SVG (the page and the report add them to their own).
  const css = `.surface { display: block; max-width: 100%; height: auto; font: 11px system-ui, sans-serif; }
.surface .tick { fill: #8794a3; } .surface .axis { fill: #c4ccd6; font-weight: 600; } .surface .grid { stroke: #263241; }
.surface .mean { fill: none; stroke: #4aa3ff; stroke-width: 2; } .surface .point circle { fill: #4aa3ff; }
.surface .point.best circle { fill: #ffd54f; stroke: #0f141a; stroke-width: 2; } .surface .star { fill: #ffd54f; font-weight: 700; } .surface .star.dark { fill: #10151b; }
.surface .point .pick-ring { fill: none; stroke: #80deea; stroke-width: 2; stroke-dasharray: 4 2; pointer-events: none; } .surface .hit { fill: transparent; } .surface .point:hover .hit { fill: #ffffff0d; }
.surface .cell .value { fill: #e8edf2; font-size: 10px; pointer-events: none; } .surface .cell .value.dark { fill: #10151b; }
.surface .cell .count { fill: #c4ccd6; font-size: 9px; pointer-events: none; } .surface .cell .count.dark { fill: #2a3440; }
.surface .cell.empty rect { stroke: #263241; stroke-dasharray: 3 3; } .surface .cell:hover rect:first-child { stroke: #fff; stroke-width: 2; }
.surface .best-mark { fill: none; stroke: #ff4081; stroke-width: 3; } .surface .pick-mark { fill: none; stroke: #80deea; stroke-width: 2; stroke-dasharray: 4 2; pointer-events: none; }
.surface-holder { position: relative; } .surface-tip { position: absolute; z-index: 5; max-width: 260px; padding: 6px 8px; border-radius: 4px;
  background: #0b0f14ee; border: 1px solid #3a4a5c; color: #e8edf2; font: 12px system-ui, sans-serif; pointer-events: none; }
.surface-method { color: #8794a3; font-size: 12px; margin: 4px 0 14px; max-width: 760px; }`;

  return { line, heatmap, method, css, binOf };
})();
