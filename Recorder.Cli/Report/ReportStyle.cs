namespace QuantowerRecorder.Cli.Report;

/// <summary>The report's inline stylesheet: no fonts or images from anywhere else.</summary>
internal static class ReportStyle
{
    public const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px auto; max-width: 1160px; padding: 0 16px; color: #222; background: #fff; }
        h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        h3 { font-size: 15px; margin: 16px 0 4px; }
        .meta { color: #666; font-size: 13px; } .muted { color: #777; }
        table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
        th, td { border-bottom: 1px solid #eee; padding: 4px 8px; text-align: right; white-space: nowrap; }
        th:first-child, td:first-child { text-align: left; }
        th { background: #f6f6f6; } caption { text-align: left; font-weight: 600; padding: 4px 0; }
        .wrap { white-space: normal; overflow-wrap: anywhere; text-align: left; }
        .scroll { overflow-x: auto; max-width: 100%; }
        table.fit { width: 100%; table-layout: fixed; } table.fit td, table.fit th { vertical-align: top; }
        table.fit td { white-space: normal; overflow-wrap: anywhere; }
        col.c-run { width: 22%; } col.c-strategy { width: 12%; } col.c-params { width: 28%; } col.c-type { width: 11%; } col.c-period { width: 13%; } col.c-balance { width: 14%; }
        td.num { text-align: right; }
        table.params { margin: 0; font-size: 12px; width: 100%; }
        table.params th { background: none; font-weight: normal; color: #555; text-align: left; white-space: normal; padding: 1px 8px 1px 0; }
        table.params td { text-align: right; padding: 1px 0; border-bottom: 1px dotted #eee; }
        td.best { font-weight: bold; }
        td.pos, .pos { color: #1a7f37; } td.neg, .neg { color: #b42318; }
        td.metric { cursor: help; text-decoration: underline dotted #bbb; }
        .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: middle; }
        .dash { display: inline-block; width: 22px; height: 0; border-top: 2px dashed; margin-right: 6px; vertical-align: middle; }
        figure.chart-box { margin: 8px 0 16px; }
        .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; margin-bottom: 4px; align-items: center; }
        .legend .y-title { margin-left: auto; color: #666; }
        .chart { height: 300px; position: relative; }
        .x-axis { position: relative; height: 18px; font-size: 11px; color: #555; }
        .x-axis span { position: absolute; top: 2px; white-space: nowrap; }
        figcaption { font-size: 12px; color: #666; text-align: center; }
        table.monthly td.month, table.monthly td.year { min-width: 44px; } table.monthly td.year { font-weight: 600; }
        table.monthly td.none { background: #fafafa; }
        .breakdowns { display: flex; flex-wrap: wrap; gap: 8px 32px; align-items: flex-start; }
        th.run-head { text-align: center; }
        table.bridge tr.total th, table.bridge tr.total td { font-weight: 700; border-top: 1px solid #999; }
        details { margin: 8px 0; } summary { cursor: pointer; font-weight: 600; }
        .empty { color: #a00; } .note { color: #666; font-size: 12px; }
        .warn { color: #8a5a00; background: #fff6e0; padding: 4px 8px; }
        .tag { display: inline-block; padding: 0 6px; border-radius: 8px; background: #eef2f6; font-size: 12px; margin: 1px 2px 1px 0; }
        p.pass, p.journal-note { margin: 2px 0 6px; }
        """;
}
