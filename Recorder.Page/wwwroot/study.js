// The Studies views (#/studies and #/study/<id>): the studies of the file, and one study judged — its passes by the
// objective, the objective over one input (a line) and over two (a heatmap, drawn by surface.js), the plateau pick,
// parameter importance, deflated Sharpe and PBO. Every figure comes from GET /api/studies…; axis choosers refetch
// the surface, the objective chooser the whole study. Uses the page's helpers (el, api, table, num, formatMetric, done, current in app.js, loaded after this file).
'use strict';

window.recorderStudy = (() => {
  const S = () => window.recorderSurface;
  // The surfaces' own styles, the same the report inlines.
  document.head.append(Object.assign(document.createElement('style'), { textContent: window.recorderSurface.css }));
  // A figure's card: its value, and under it, on the page, what it stands on (as the report's summary table has it).
  const card = (id, label, value, title, on) => el('div', { class: 'card study-figure', id }, el('div', { class: 'k', title }, label), el('div', { class: 'v' }, value),
    on ? el('div', { class: 'on', id: id + '-on' }, on) : null);
  document.head.append(Object.assign(document.createElement('style'), { textContent:
    '.study-figure { max-width: 340px; } .study-figure .on { color: var(--muted); font-size: 12px; margin-top: 3px; white-space: normal; line-height: 1.35; }' }));
  const count = (n) => Number(n).toLocaleString('en-US');
  const ly = (period) => period === 'day' ? 'daily' : period + 'ly';
  const pct = (v) => v === null || v === undefined ? '—' : num(v * 100, 1) + ' %';
  const value = (v) => typeof v === 'number' ? num(v, Math.abs(v) >= 100 || Number.isInteger(v) ? 0 : 3) : (v ?? '—');

  async function list(mine) {
    const studies = await api('/api/studies/');
    if (!current(mine)) return;
    const body = studies.length === 0 ? el('p', { class: 'muted' }, 'No study in this file: a study is the backtest passes of one optimisation (docs/studies.md).')
      : table([
        { label: 'Study', key: 'name' }, { label: 'Strategy', key: 'strategy_name' }, { label: 'Symbol', key: 'symbol' }, { label: 'Timeframe', key: 'timeframe' },
        { label: 'Period', value: s => `${day(s.period_start_utc)} → ${day(s.period_end_utc)}` }, { label: 'Passes', num: true, key: 'passes' },
        { label: 'Objective', key: 'objective' }, { label: 'Best', num: true, value: s => value(s.best_objective) },
      ], studies, { id: 'studies-table', onRow: (s) => { location.hash = '#/study/' + encodeURIComponent(s.study_id); } });
    view.replaceChildren(el('h1', {}, 'Studies'), el('p', { class: 'muted' }, 'The passes of one optimisation each; click one to judge it.'), body);
    done('studies', mine);
  }

  function passesTable(study) {
    const columns = [
      { label: '#', num: true, value: r => study.passes.indexOf(r) + 1 },
      ...study.parameters.map(p => ({ label: p, num: true, value: r => value(r.parameters[p]) })),
      { label: study.objective, num: true, title: 'The objective passes are sorted by (' + (study.higher_is_better ? 'higher' : 'lower') + ' is better)',
        value: r => value(r.objective), cls: r => r.best ? 'best' : null },
      { label: 'Plateau score', num: true, title: `Mean objective over the pass and its ${study.plateau_neighbours - 1} nearest passes in normalised parameter space (docs/metrics.md, "Studies")`, value: r => value(r.plateau_score) },
      { label: 'Worst neighbour', num: true, value: r => value(r.worst_neighbour) },
      { label: 'Pick', value: r => r.plateau_pick ? el('span', { class: 'tag pick' }, '◆ plateau pick') : '' },
      { label: 'Run', value: r => el('span', { class: 'muted', title: r.run_id }, r.run_id.slice(0, 8)) },
    ];
    const t = table(columns, study.passes, { id: 'study-passes', onRow: (r) => { location.hash = '#/run/' + encodeURIComponent(r.run_id); } });
    study.passes.forEach((p, i) => { const tr = t.tBodies[0].rows[i]; tr.dataset.run = p.run_id; if (p.best) tr.classList.add('best-row'); if (p.plateau_pick) tr.classList.add('pick-row'); });
    return el('div', { class: 'scroll' }, t);
  }

  function figures(study) {
    const best = study.passes.find(p => p.best), pick = study.passes.find(p => p.plateau_pick);
    const ds = study.deflated_sharpe, o = study.overfitting, a = study.annualisation;
    const params = (p) => p ? study.parameters.map(k => `${k} ${value(p.parameters[k])}`).join(', ') : '—';
    const averaged = pick && pick.plateau_passes ? pick.plateau_passes : study.plateau_neighbours;
    const lacking = (x) => x && x.not_enough ? x.not_enough.text : null;
    // The pick's rule (docs/metrics.md, "Studies"), and the pass with a better score it left out, as the command says it.
    const rule = () => {
      const sign = study.higher_is_better ? 1 : -1;
      const valley = !pick || pick.plateau_score === null ? null : study.passes
        .filter(p => p.plateau_score !== null && p.objective !== null && sign * (p.plateau_score - pick.plateau_score) > 0 && sign * (p.objective - p.plateau_score) < 0)
        .sort((x, y) => sign * (y.plateau_score - x.plateau_score))[0];
      const text = `The pick is the best plateau score among the passes whose own ${study.objective} is at least as good as their score: ` +
        'a pass worse than the mean around it is a valley between better passes, not a plateau';
      return valley ? `${text}. Left out by it: ${params(valley)} scores ${value(valley.plateau_score)} but its own ${study.objective} is ${value(valley.objective)}.` : text + '.';
    };
    const dsValue = !ds ? '—' : ds.probability !== null ? pct(ds.probability) : lacking(ds) || 'not computed';
    const dsOn = !ds ? 'No pass has the objective.' : [
      `${ds.trials === 1 ? '1 trial' : count(ds.trials) + ' trials'}: ${ds.population}`,
      ds.threshold !== null ? `threshold SR₀ ${value(ds.threshold)} (variance of their Sharpe ${value(ds.sharpe_variance)})` : null,
      ds.sharpe !== null ? `Sharpe ${value(ds.sharpe)} on ${ds.observations} daily returns (×√${ds.periods_per_year})` : null,
      ds.reason,
      study.objective !== 'sharpe' ? `the best pass by ${study.objective}, not the Sharpe's best` : null,
    ].filter(Boolean).join(' · ');
    const blocks = o ? `${o.partitions} blocks of ${o.block_size} ${ly(o.period)} returns` + (o.oldest_left_out > 0 ? ` (the oldest ${o.oldest_left_out} of ${o.periods} left out)` : '') : '';
    const pboOn = !o ? 'No pass has returns.' : [
      `${count(o.splits)} splits of ${blocks}`, `${o.passes} passes`,
      o.probability_of_loss !== null ? `probability of loss ${pct(o.probability_of_loss)}` : null,
      `annualised with ${count(a.periods_per_year)} ${o.period}s a year (${a.days_per_year} days${o.period === 'day' ? '' : ' × ' + a.hours_per_day + ' hours'})`,
    ].filter(Boolean).join(' · ');
    return el('div', { class: 'cards' },
      card('study-best', `best pass (${study.objective})`, best ? `${value(best.objective)} · ${params(best)}` : '—'),
      card('study-pick', 'plateau pick', study.plateau_not_enough ? 'none' : pick ? `${value(pick.objective)} · ${params(pick)}` : '—',
        `The pass with the best mean objective over itself and its ${study.plateau_neighbours - 1} nearest passes (docs/metrics.md, "Studies")`,
        study.plateau_not_enough ? `${study.plateau_not_enough.text}: a score averages a pass with its ${study.plateau_neighbours - 1} nearest`
          : pick ? `plateau ${value(pick.plateau_score)}, the mean of ${averaged} passes (itself and its ${averaged - 1} nearest). ${rule()}` : null),
      card('study-dsr', 'deflated Sharpe (best pass)', dsValue,
        'The deflated Sharpe ratio of the best pass over its trials (docs/metrics.md, "Trials")', dsOn),
      card('study-pbo', 'probability of backtest overfitting', !o ? '—' : o.probability !== null ? pct(o.probability) : lacking(o),
        'PBO by combinatorially symmetric cross-validation (docs/metrics.md, "Studies")', pboOn));
  }

  function importance(study) {
    return table([
      { label: 'Input', key: 'parameter' },
      { label: 'Variance explained (η²)', num: true, value: r => r.not_enough ? el('span', { class: 'muted' }, r.not_enough.text) : pct(r.share) },
      { label: 'By chance alone', num: true, title: '(groups − 1)/(passes − 1): what η² averages when the input has no effect', value: r => pct(r.expected_by_chance) },
      { label: 'Groups', num: true, key: 'groups' },
    ], study.importance, { id: 'study-importance' });
  }

  // A study judged again that could not load says so, as a route that could not load does (app.js).
  function failed(error) {
    window.recorderPage.errors.push(String(error.message));
    view.replaceChildren(el('p', { class: 'error' }, 'Could not load: ' + error.message));
    window.recorderPage.ready = true;
  }

  // objective: the one chosen on the page (the study's own, else Sharpe, until then); choosing another judges the
  // study again by it (passes, pick, importance, surfaces, deflated Sharpe and PBO all come from the API).
  async function show(id, mine, objective) {
    const base = '/api/studies/' + encodeURIComponent(id);
    window.recorderPage.ready = false;
    const study = await api(objective ? `${base}?${new URLSearchParams({ objective })}` : base);
    // The study's journal: its tags and notes (journal.js).
    const journal = await recorderJournal.panel(base + '/journal', await api(base + '/journal'), []);
    if (!current(mine)) return;
    const pick = study.passes.find(p => p.plateau_pick);
    const opts = { objective: study.objective, higherIsBetter: study.higher_is_better, plateauPick: pick ? pick.parameters : null };
    const ps = study.parameters;
    const axes = { x: study.heatmap ? study.heatmap.x.parameter : ps[0], y: study.heatmap ? study.heatmap.y.parameter : ps[1] };
    // Choosing for one axis the input the other shows swaps them, so the heatmap always has two inputs.
    const choose = (name, chosen) => {
      const other = name === 'x' ? 'y' : 'x';
      if (axes[other] === chosen) { axes[other] = axes[name]; const o = document.getElementById('study-' + other); if (o) o.value = axes[other]; }
      axes[name] = chosen;
      redraw();
    };
    const chooser = (name) => el('select', { id: 'study-' + name, onchange: (e) => choose(name, e.target.value) },
      ps.map(p => el('option', { value: p, selected: axes[name] === p ? 'selected' : null }, p)));
    const lineHolder = el('div', { class: 'surface-holder', id: 'study-line' }), lineMethod = el('p', { class: 'surface-method', id: 'study-line-method' });
    const heatHolder = el('div', { class: 'surface-holder', id: 'study-heatmap' }), heatMethod = el('p', { class: 'surface-method', id: 'study-heatmap-method' });
    const s = study.study;
    // A saved page holds the study judged by one objective: the chooser shows it, and cannot change it.
    const objectiveChooser = el('select', { id: 'study-objective', disabled: window.recorderSnapshot ? 'disabled' : null, onchange: (e) => show(id, mine, e.target.value).catch(failed) },
      study.objectives.map(k => el('option', { value: k, selected: k === study.objective ? 'selected' : null }, k)));
    view.replaceChildren(
      el('h1', {}, 'Study ' + s.name),
      el('p', { class: 'muted' }, `${s.strategy_name ?? ''} · ${s.symbol ?? ''} ${s.timeframe ?? ''} · ${day(s.period_start_utc)} → ${day(s.period_end_utc)} · ${s.passes} passes · objective ${study.objective} (${study.higher_is_better ? 'higher' : 'lower'} is better) · ${s.origin}`),
      journal,
      el('div', { class: 'filters' }, el('label', { title: 'The metric the passes are judged by' }, 'objective', objectiveChooser)),
      figures(study),
      ...study.notes.map(n => el('p', { class: 'muted note' }, n)),
      el('h2', {}, 'Surfaces'),
      ps.length === 0 ? el('p', { class: 'muted' }, 'No input varies across the passes.') : el('div', { class: 'filters' },
        el('label', {}, 'x (line and heatmap)', chooser('x')), ps.length > 1 ? el('label', {}, 'y (heatmap)', chooser('y')) : null),
      el('div', { class: 'surfaces' }, el('div', {}, lineHolder, lineMethod), el('div', {}, heatHolder, heatMethod)),
      el('h2', {}, 'Parameter importance'), importance(study),
      el('h2', {}, `Passes by ${study.objective} (★ best, ◆ plateau pick)`), passesTable(study));

    async function redraw() {
      if (ps.length === 0) { done('study', mine); return; }
      window.recorderPage.ready = false;
      const q = (p) => new URLSearchParams({ objective: study.objective, ...p });
      const two = ps.length > 1 && axes.x !== axes.y;
      let line, grid;
      try {
        [line, grid] = await Promise.all([api(`${base}/surface?${q({ x: axes.x })}`), two ? api(`${base}/surface?${q({ x: axes.x, y: axes.y })}`) : null]);
      } catch (error) {
        // A surface the server refuses (or a saved page did not keep: it keeps the most important inputs' heatmaps) says so where it would be.
        heatHolder.replaceChildren(el('p', { class: 'muted', id: 'study-surface-error' }, error.message));
        window.recorderPage.study = { error: error.message, x: axes.x, y: two ? axes.y : null };
        done('study', mine);
        return;
      }
      if (!current(mine)) return;
      const drawn = { line: S().line(lineHolder, line, opts), x: axes.x, y: two ? axes.y : null, objective: study.objective };
      lineMethod.textContent = S().method(line, study.objective);
      if (grid) { drawn.heatmap = S().heatmap(heatHolder, grid, opts); heatMethod.textContent = S().method(grid, study.objective); }
      else { heatHolder.replaceChildren(el('p', { class: 'muted' }, ps.length > 1 ? 'Choose two different inputs for the heatmap.' : 'A heatmap needs two inputs that vary.')); heatMethod.textContent = ''; }
      window.recorderPage.study = drawn;
      done('study', mine);
    }
    await redraw();

    // Followed (app.js): a pass of this study, or a backtest of its strategy that may be a new one, changes — the study
    // is read and drawn again, once for a burst of passes, judged by the same objective, the reader's scroll kept.
    const passIds = new Set(study.passes.map(p => p.run_id));
    let again = null;
    following.onRun = (run) => {
      if (!current(mine) || again || !(passIds.has(run.run_id) || (run.run_type === 'BACKTEST' && run.strategy_id === s.strategy_id))) return;
      again = setTimeout(async () => {
        const scroll = window.scrollY;
        try {
          await show(id, mine, study.objective);
          if (current(mine)) { window.scrollTo(0, scroll); updated(); }
        } catch (error) { failed(error); }
      }, 500);
    };
  }

  return { list, show };
})();
