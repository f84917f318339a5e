namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// One-minute bars of a random walk in quarter points (an ES-like price), the same for a seed in every process: the
/// backtest benchmark plays these bars through both of its runs.
/// </summary>
internal sealed class BacktestBars
{
    public static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    private BacktestBars(double[] open, double[] high, double[] low, double[] close)
    {
        Open = open;
        High = high;
        Low = low;
        Close = close;
    }

    public double[] Open { get; }

    public double[] High { get; }

    public double[] Low { get; }

    public double[] Close { get; }

    public int Count => Open.Length;

    public static BacktestBars Generate(int count, int seed)
    {
        var random = new Random(seed);
        double[] open = new double[count], high = new double[count], low = new double[count], close = new double[count];
        var price = 5000.0;
        for (var i = 0; i < count; i++)
        {
            open[i] = price;
            double Step() => Math.Round((random.NextDouble() - 0.5) * 8) * 0.25;
            var a = price + Step();
            var b = a + Step();
            price = b + Step();
            close[i] = price;
            high[i] = Math.Max(Math.Max(open[i], close[i]), Math.Max(a, b));
            low[i] = Math.Min(Math.Min(open[i], close[i]), Math.Min(a, b));
        }

        return new BacktestBars(open, high, low, close);
    }

    public DateTime OpenUtc(int i) => Start.AddMinutes(i);
}
