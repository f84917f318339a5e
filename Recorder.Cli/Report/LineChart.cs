using System.Globalization;
using System.Text;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// An inline SVG line chart of one or more series on shared axes, with grid, axis labels and a legend. Inline SVG in
/// HTML needs no namespace declaration, so the report holds no URL at all.
/// </summary>
internal static class LineChart
{
    private const double Width = 1100, Height = 340, Left = 70, Right = 20, Top = 16, Bottom = 40;
    private const int MaxPointsPerSeries = 1500;

    public static string Render(string id, IReadOnlyList<ChartSeries> series, Func<double, string> xLabel, string yTitle, bool fillToZero = false)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        if (points.Count == 0)
        {
            return "<p class=\"empty\">No data to draw: the runs have no stored equity. Run <code>recorder analyze</code> first.</p>";
        }

        double minX = points.Min(p => p.X), maxX = points.Max(p => p.X);
        double minY = points.Min(p => p.Y), maxY = points.Max(p => p.Y);
        if (fillToZero)
        {
            minY = Math.Min(minY, 0);
            maxY = Math.Max(maxY, 0);
        }

        if (maxX <= minX)
        {
            maxX = minX + 1;
        }

        if (maxY <= minY)
        {
            (minY, maxY) = (minY - 1, maxY + 1);
        }

        var padding = (maxY - minY) * 0.05;
        minY -= fillToZero && minY == 0 ? 0 : padding;
        maxY += fillToZero && maxY == 0 ? 0 : padding;
        double X(double x) => Left + ((x - minX) / (maxX - minX) * (Width - Left - Right));
        double Y(double y) => Top + ((maxY - y) / (maxY - minY) * (Height - Top - Bottom));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Svg.Text(yTitle)}\">");
        foreach (var tick in Svg.Ticks(minY, maxY, 6))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Svg.N(Y(tick))}\" y2=\"{Svg.N(Y(tick))}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left - 6}\" y=\"{Svg.N(Y(tick) + 4)}\" text-anchor=\"end\">{Svg.Text(Svg.Compact(tick))}</text>");
        }

        foreach (var tick in Svg.Ticks(minX, maxX, 7))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" y1=\"{Top}\" y2=\"{Height - Bottom}\" x1=\"{Svg.N(X(tick))}\" x2=\"{Svg.N(X(tick))}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" y=\"{Height - Bottom + 16}\" x=\"{Svg.N(X(tick))}\" text-anchor=\"middle\">{Svg.Text(xLabel(tick))}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"14\" y=\"{Svg.N((Height - Bottom) / 2)}\" transform=\"rotate(-90 14 {Svg.N((Height - Bottom) / 2)})\" text-anchor=\"middle\">{Svg.Text(yTitle)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"frame\" x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\"/>");
        foreach (var s in series.Where(s => s.Points.Count > 0))
        {
            var path = string.Join(" ", Thin(s.Points).Select(p => $"{Svg.N(X(p.X))},{Svg.N(Y(p.Y))}"));
            if (fillToZero)
            {
                var first = Thin(s.Points)[0];
                var last = s.Points[^1];
                svg.Append(CultureInfo.InvariantCulture, $"<polygon class=\"area\" fill=\"{s.Color}\" points=\"{Svg.N(X(first.X))},{Svg.N(Y(0))} {path} {Svg.N(X(last.X))},{Svg.N(Y(0))}\"/>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"series\" stroke=\"{s.Color}\" points=\"{path}\"><title>{Svg.Text(s.Name)}</title></polyline>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    // Keeps the chart light for long runs: every k-th point plus the last, which a 1100-pixel-wide chart cannot tell apart.
    private static IReadOnlyList<(double X, double Y)> Thin(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count <= MaxPointsPerSeries)
        {
            return points;
        }

        var step = (int)Math.Ceiling(points.Count / (double)MaxPointsPerSeries);
        var thinned = points.Where((_, i) => i % step == 0).ToList();
        thinned.Add(points[^1]);
        return thinned;
    }
}
