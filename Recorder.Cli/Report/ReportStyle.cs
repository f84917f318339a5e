namespace QuantowerRecorder.Cli.Report;

/// <summary>The report's inline stylesheet: no fonts, images or scripts from anywhere else.</summary>
internal static class ReportStyle
{
    public const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px auto; max-width: 1160px; color: #222; background: #fff; }
        h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        .meta { color: #666; font-size: 13px; }
        table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
        th, td { border-bottom: 1px solid #eee; padding: 4px 8px; text-align: right; white-space: nowrap; }
        th:first-child, td:first-child { text-align: left; }
        th { background: #f6f6f6; } .wrap { white-space: normal; min-width: 120px; text-align: left; }
        .scroll { overflow-x: auto; max-width: 100%; }
        td.best { font-weight: bold; color: #1a7f37; }
        td.pos { background: #e6f4ea; } td.neg { background: #fce8e6; }
        .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: middle; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg .grid { stroke: #eee; stroke-width: 1; } svg .frame { fill: none; stroke: #bbb; }
        svg .tick { font-size: 11px; fill: #666; } svg .axis { font-size: 12px; fill: #444; }
        svg .series { fill: none; stroke-width: 1.6; } svg .area { fill-opacity: 0.18; stroke: none; }
        svg .zero { stroke: #888; stroke-dasharray: 4 3; }
        details { margin: 8px 0; } summary { cursor: pointer; font-weight: 600; }
        .empty { color: #a00; } .note { color: #666; font-size: 12px; }
        .warn { color: #8a5a00; background: #fff6e0; padding: 4px 8px; }
        """;
}
