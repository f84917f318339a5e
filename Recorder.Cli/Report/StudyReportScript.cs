namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// The study report's script: reads the study and its heatmaps from the embedded JSON and draws the chosen line and
/// heatmap with the page's surface.js; the axis choosers switch between surfaces the analytics computed (nothing is
/// computed here). What it drew is left in window.recorderStudyReport for the browser tests.
/// </summary>
internal static class StudyReportScript
{
    public const string Js = """
        'use strict';
        (() => {
          const data = JSON.parse(document.getElementById('study-data').textContent);
          const S = window.recorderSurface, study = data.study, ps = study.parameters;
          document.head.append(Object.assign(document.createElement('style'), { textContent: S.css }));
          const pick = study.passes.find(p => p.plateau_pick);
          const opts = { objective: study.objective, higherIsBetter: study.higher_is_better, plateauPick: pick ? pick.parameters : null };
          const axes = { x: study.heatmap ? study.heatmap.x.parameter : ps[0], y: study.heatmap ? study.heatmap.y.parameter : ps[1] };
          const report = window.recorderStudyReport = { ready: false };
          const $ = (id) => document.getElementById(id);
          function draw() {
            const line = study.lines.find(l => l.x.parameter === axes.x);
            if (line) { report.line = S.line($('study-line'), line, opts); $('study-line-method').textContent = S.method(line, study.objective); }
            const grid = data.heatmaps.find(h => h.x === axes.x && h.y === axes.y);
            if (grid) { report.heatmap = S.heatmap($('study-heatmap'), grid.surface, opts); $('study-heatmap-method').textContent = S.method(grid.surface, study.objective); }
            else if ($('study-heatmap')) { $('study-heatmap').textContent = ps.length > 1 ? 'No heatmap over this pair in the report.' : 'A heatmap needs two inputs that vary.'; }
            report.x = axes.x; report.y = grid ? axes.y : null; report.ready = true;
          }
          for (const name of ['x', 'y']) {
            const select = $('study-' + name);
            if (!select) continue;
            for (const p of ps) select.append(Object.assign(document.createElement('option'), { value: p, textContent: p, selected: axes[name] === p }));
            // Choosing for one axis the input the other shows swaps them, as on the page.
            select.addEventListener('change', () => {
              const other = name === 'x' ? 'y' : 'x', chosen = select.value;
              if (axes[other] === chosen) { axes[other] = axes[name]; if ($('study-' + other)) $('study-' + other).value = axes[other]; }
              axes[name] = chosen;
              draw();
            });
          }
          if (ps.length > 0) draw(); else report.ready = true;
        })();
        """;
}
