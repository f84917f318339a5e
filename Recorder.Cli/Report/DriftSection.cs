using System.Globalization;
using System.Text;
using QuantowerRecorder.Analytics.Drift;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.ReadModels;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// A forward run against its backtest's bootstrap band (docs/metrics.md, "Drift"): the verdict in words and the band
/// drawn as inline SVG — no script needed, so it reads the same printed or offline.
/// </summary>
internal static class DriftSection
{
    private const int Width = 760;
    private const int Height = 300;
    private const int Left = 70;
    private const int Right = 12;
    private const int Top = 12;
    private const int Bottom = 34;

    public static void Write(StringBuilder html, ReportDrift drift)
    {
        var forward = drift.Forward;
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"drift\" data-forward=\"{Html.Text(forward.Run.RunId)}\"");
        if (drift.Drift is not { } record)
        {
            html.Append(CultureInfo.InvariantCulture, $">\n<h3>{Html.Swatch(forward.Color)}{Html.Text(forward.Label)}</h3>\n<p class=\"empty\">{Html.Text(drift.Missing)}</p>\n</div>\n");
            return;
        }

        var position = record.Verdict?.Position.ToString() ?? "";
        html.Append(CultureInfo.InvariantCulture, $" data-backtest=\"{Html.Text(record.BacktestRun)}\" data-position=\"{position}\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<h3>{Html.Swatch(forward.Color)}{Html.Text(forward.Label)} against backtest {Html.Text(record.BacktestRun[..8])} (the instance's most recent)</h3>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"verdict{(position is "Below" or "Above" ? " warn" : "")}\">{Html.Text(record.Summary)}</p>\n");
        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"note\">{record.Samples:#,0} paths of {record.ForwardTrades} trades drawn with replacement from the backtest's {record.BacktestTrades} closed trades (seed {record.Seed}), each × {Numbers.Display(record.Scale)}; the shaded band is their {record.LowPercentile:0}th–{record.HighPercentile:0}th percentile of cumulative PnL, the dashed line their median, in {Html.Text(record.Currency ?? "the instrument's currency")} (docs/metrics.md, \"Drift\").</p>\n");
        if (record.Band.Count > 0)
        {
            Chart(html, record, forward.Color);
        }

        html.Append("</div>\n");
    }

    private static void Chart(StringBuilder html, DriftRecord record, string color)
    {
        var band = record.Band;
        var low = band.Min(p => Math.Min(p.Low, p.Forward));
        var high = band.Max(p => Math.Max(p.High, p.Forward));
        var ticks = NiceScale.Ticks(Math.Min(low, 0), Math.Max(high, 0), 5);
        var (min, max) = (Math.Min(ticks[0], low), Math.Max(ticks[^1], high));
        if (max <= min)
        {
            (min, max) = (min - 1, max + 1);
        }

        // k = 0 is the start, where every path and the forward run are at 0.
        double X(double k) => Left + (k * (Width - Left - Right) / band.Count);
        double Y(double v) => Top + ((max - v) * (Height - Top - Bottom) / (max - min));
        string P(double k, double v) => string.Create(CultureInfo.InvariantCulture, $"{X(k):0.#},{Y(v):0.#}");

        html.Append(CultureInfo.InvariantCulture, $"<svg class=\"drift-chart\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"Drift band\">\n");
        foreach (var tick in ticks)
        {
            html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(tick):0.#}\" y2=\"{Y(tick):0.#}\" stroke=\"#ddd\"/>");
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(tick) + 4:0.#}\" text-anchor=\"end\" font-size=\"11\">{Numbers.Display(tick)}</text>\n");
        }

        var area = new StringBuilder("M" + P(0, 0));
        foreach (var p in band)
        {
            area.Append(" L").Append(P(p.K, p.High));
        }

        foreach (var p in band.Reverse())
        {
            area.Append(" L").Append(P(p.K, p.Low));
        }

        area.Append(" L").Append(P(0, 0)).Append(" Z");
        html.Append(CultureInfo.InvariantCulture, $"<path class=\"band\" d=\"{area}\" fill=\"#9db4d3\" fill-opacity=\"0.45\" stroke=\"none\"/>\n");
        html.Append(CultureInfo.InvariantCulture, $"<polyline class=\"median\" points=\"{P(0, 0)} {string.Join(' ', band.Select(p => P(p.K, p.Median)))}\" fill=\"none\" stroke=\"#4a6a96\" stroke-dasharray=\"5 4\"/>\n");
        html.Append(CultureInfo.InvariantCulture, $"<polyline class=\"forward\" points=\"{P(0, 0)} {string.Join(' ', band.Select(p => P(p.K, p.Forward)))}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"/>\n");
        foreach (var p in band.Where(p => p.Position != DriftPosition.Inside))
        {
            html.Append(CultureInfo.InvariantCulture, $"<circle class=\"outside\" data-k=\"{p.K}\" cx=\"{X(p.K):0.#}\" cy=\"{Y(p.Forward):0.#}\" r=\"3.5\" fill=\"#c0392b\"/>");
        }

        var axis = Y(min);
        html.Append(CultureInfo.InvariantCulture, $"\n<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{axis:0.#}\" y2=\"{axis:0.#}\" stroke=\"#888\"/>");
        foreach (var k in NiceScale.Ticks(0, band.Count, 8).Where(k => k >= 0 && k <= band.Count && k == Math.Floor(k)))
        {
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(k):0.#}\" y=\"{axis + 15:0.#}\" text-anchor=\"middle\" font-size=\"11\">{k}</text>");
        }

        html.Append(CultureInfo.InvariantCulture, $"\n<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 4}\" text-anchor=\"middle\" font-size=\"12\">forward trades (k)</text>\n</svg>\n");
    }
}
