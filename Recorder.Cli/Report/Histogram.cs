using System.Globalization;
using System.Text;

namespace QuantowerRecorder.Cli.Report;

/// <summary>An inline SVG histogram of trade PnL: shared bins, one bar per run in each bin.</summary>
internal static class Histogram
{
    private const double Width = 1100, Height = 300, Left = 60, Right = 20, Top = 16, Bottom = 44;
    private const int Bins = 20;

    public static string Render(string id, IReadOnlyList<(string Name, string Color, IReadOnlyList<double> Values)> groups)
    {
        var all = groups.SelectMany(g => g.Values).ToList();
        if (all.Count == 0)
        {
            return "<p class=\"empty\">No closed trades to draw.</p>";
        }

        double min = all.Min(), max = all.Max();
        if (max <= min)
        {
            (min, max) = (min - 1, max + 1);
        }

        var width = (max - min) / Bins;
        var counts = groups.Select(g =>
        {
            var c = new int[Bins];
            foreach (var v in g.Values)
            {
                c[Math.Min(Bins - 1, (int)((v - min) / width))]++;
            }

            return c;
        }).ToList();
        var top = Math.Max(1, counts.Max(c => c.Max()));
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var binPixels = plotWidth / Bins;
        var barPixels = Math.Max(1, (binPixels - 2) / groups.Count);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"Distribution of trade PnL\">");
        foreach (var tick in Svg.Ticks(0, top, 5))
        {
            var y = Top + plotHeight - (tick / top * plotHeight);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Svg.N(y)}\" y2=\"{Svg.N(y)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left - 6}\" y=\"{Svg.N(y + 4)}\" text-anchor=\"end\">{Svg.N(tick)}</text>");
        }

        for (var b = 0; b <= Bins; b += 4)
        {
            var x = Left + (b * binPixels);
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Svg.N(x)}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{Svg.Text(Svg.Compact(min + (b * width)))}</text>");
        }

        if (min < 0 && max > 0)
        {
            var zero = Left + ((0 - min) / (max - min) * plotWidth);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"zero\" x1=\"{Svg.N(zero)}\" x2=\"{Svg.N(zero)}\" y1=\"{Top}\" y2=\"{Height - Bottom}\"/>");
        }

        for (var g = 0; g < groups.Count; g++)
        {
            for (var b = 0; b < Bins; b++)
            {
                if (counts[g][b] == 0)
                {
                    continue;
                }

                var h = counts[g][b] / (double)top * plotHeight;
                var x = Left + (b * binPixels) + 1 + (g * barPixels);
                svg.Append(CultureInfo.InvariantCulture, $"<rect fill=\"{groups[g].Color}\" x=\"{Svg.N(x)}\" y=\"{Svg.N(Top + plotHeight - h)}\" width=\"{Svg.N(barPixels)}\" height=\"{Svg.N(h)}\">");
                svg.Append(CultureInfo.InvariantCulture, $"<title>{Svg.Text(groups[g].Name)}: {counts[g][b]} trade(s) between {Svg.N(min + (b * width))} and {Svg.N(min + ((b + 1) * width))}</title></rect>");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Svg.N(Left + (plotWidth / 2))}\" y=\"{Height - 6}\" text-anchor=\"middle\">net PnL per trade</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"frame\" x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\"/>");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
