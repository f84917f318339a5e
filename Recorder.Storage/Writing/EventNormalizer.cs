using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The defined outcome for every kind of bad input (issue: "Bad input"): an event comes back normalised (times in
/// UTC, NaN optional prices as null, unpaired surrogates replaced, over-long text truncated with a marker) or a
/// <see cref="Rejection"/> says why it goes to quarantine. Normalising twice gives the same event, so replaying the
/// stored payloads reproduces the stored rows.
/// </summary>
internal static class EventNormalizer
{
    public static RecorderEvent Normalize(RecorderEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var runId = TextRules.Id(e.RunId, "run id");
        var time = RequiredTime(e.EventUtc, "event time");
        // Every enumeration is checked, as side and impact are: "source":9 must not become run_type UNKNOWN.
        Defined(e.Source, "source");
        return e switch
        {
            StrategyDefined s => s with
            {
                RunId = runId, EventUtc = time,
                StrategyId = TextRules.Id(s.StrategyId, "strategy id"),
                Name = TextRules.Required(s.Name, "strategy name"),
                Version = TextRules.Text(s.Version), Vendor = TextRules.Text(s.Vendor),
                SourceRef = TextRules.Text(s.SourceRef), Notes = TextRules.Text(s.Notes, TextRules.MaxLongText),
            },
            InstanceDefined i => i with
            {
                RunId = runId, EventUtc = time,
                InstanceId = TextRules.Id(i.InstanceId, "instance id"),
                StrategyId = TextRules.Id(i.StrategyId, "strategy id"),
                InstanceName = TextRules.Text(i.InstanceName),
                ParametersJson = TextRules.Json(i.ParametersJson, "parameters") ?? throw new Rejection("parameters are missing"),
                Symbol = TextRules.OptionalId(i.Symbol, "symbol"),
                SymbolsJson = TextRules.Json(i.SymbolsJson, "symbols"),
                Timeframe = TextRules.Text(i.Timeframe), AccountId = TextRules.OptionalId(i.AccountId, "account"),
                Venue = TextRules.Text(i.Venue), ConfigHash = TextRules.Id(i.ConfigHash, "config hash"),
            },
            RunStarted r => r with
            {
                RunId = runId, EventUtc = time,
                InstanceId = TextRules.Id(r.InstanceId, "instance id"),
                EngineVersion = TextRules.Text(r.EngineVersion), DataSource = TextRules.Text(r.DataSource),
                InitialBalance = Finite(r.InitialBalance), BaseCurrency = TextRules.Text(r.BaseCurrency),
                FingerprintJson = TextRules.Json(r.FingerprintJson, "fingerprint"),
                SourceTerminal = TextRules.Text(r.SourceTerminal),
            },
            RunProgress p => p with
            {
                RunId = runId, EventUtc = time,
                ProcessedCount = p.ProcessedCount >= 0 ? p.ProcessedCount : throw new Rejection("processed count is negative"),
                TotalCount = p.TotalCount is < 0 ? throw new Rejection("total count is negative") : p.TotalCount,
            },
            RunEnded r => r with
            {
                RunId = runId, EventUtc = time,
                Status = r.Status is RunStatus.Running ? throw new Rejection("a run cannot end with status RUNNING") : Defined(r.Status, "status"),
                ErrorMessage = TextRules.Text(r.ErrorMessage, TextRules.MaxLongText),
            },
            OrderSnapshot o => o with
            {
                RunId = runId, EventUtc = time,
                OrderId = TextRules.Id(o.OrderId, "order id"),
                ParentOrderId = TextRules.OptionalId(o.ParentOrderId, "parent order id"),
                StrategyId = TextRules.OptionalId(o.StrategyId, "strategy id"),
                Symbol = TextRules.Id(o.Symbol, "symbol"),
                AccountId = TextRules.OptionalId(o.AccountId, "account"),
                Side = Defined(o.Side, "side"),
                OrderType = TextRules.Upper(TextRules.Required(o.OrderType, "order type")),
                TimeInForce = o.TimeInForce is null ? null : TextRules.Upper(TextRules.Text(o.TimeInForce)!),
                Quantity = Positive(o.Quantity, "order quantity"),
                Price = Finite(o.Price), StopPrice = Finite(o.StopPrice),
                Status = OrderStatusName(TextRules.Upper(TextRules.Required(o.Status, "order status"))),
                SubmitUtc = OptionalTime(o.SubmitUtc) ?? time,
                FilledQuantity = NonNegative(o.FilledQuantity), AverageFillPrice = Finite(o.AverageFillPrice),
                ClientTag = TextRules.Text(o.ClientTag),
                PositionImpact = o.PositionImpact is null ? null : Defined(o.PositionImpact.Value, "position impact"),
                ExtraJson = TextRules.Json(o.ExtraJson, "extra"),
            },
            ExecutionRecorded x => x with
            {
                RunId = runId, EventUtc = time,
                ExecutionId = TextRules.Id(x.ExecutionId, "execution id"),
                OrderId = TextRules.Id(x.OrderId, "order id"),
                Symbol = TextRules.Id(x.Symbol, "symbol"),
                AccountId = TextRules.OptionalId(x.AccountId, "account"),
                Side = Defined(x.Side, "side"),
                Price = double.IsFinite(x.Price) ? x.Price : throw new Rejection($"execution price is {x.Price}"),
                Quantity = Positive(x.Quantity, "execution quantity"),
                Fee = Finite(x.Fee), FeeCurrency = TextRules.Text(x.FeeCurrency),
                Liquidity = x.Liquidity is null ? null : TextRules.Upper(TextRules.Text(x.Liquidity)!),
                PositionImpact = x.PositionImpact is null ? null : Defined(x.PositionImpact.Value, "position impact"),
                ExtraJson = TextRules.Json(x.ExtraJson, "extra"),
            },
            OcoGroupDefined g => g with
            {
                RunId = runId, EventUtc = time,
                OcoGroupId = TextRules.Id(g.OcoGroupId, "OCO group id"),
                Label = TextRules.Text(g.Label), ExtraJson = TextRules.Json(g.ExtraJson, "extra"),
            },
            OcoLinkAdded l => l with
            {
                RunId = runId, EventUtc = time,
                OcoGroupId = TextRules.Id(l.OcoGroupId, "OCO group id"),
                OrderId = TextRules.Id(l.OrderId, "order id"),
                Role = l.Role is null ? null : TextRules.Upper(TextRules.Text(l.Role)!),
                PositionImpact = l.PositionImpact is null ? null : Defined(l.PositionImpact.Value, "position impact"),
            },
            SeriesDefined s => s with
            {
                RunId = runId, EventUtc = time,
                SeriesId = TextRules.Id(s.SeriesId, "series id"),
                Symbol = TextRules.Id(s.Symbol, "symbol"),
                Timeframe = TextRules.Required(s.Timeframe, "timeframe"),
                SourceName = TextRules.Text(s.SourceName),
            },
            BarRecorded b => NormalizeBar(b, runId, time),
            InstrumentDefined d => InstrumentRules.Normalize(d, runId, time),
            DecisionMarked m => m with
            {
                RunId = runId, EventUtc = time,
                DecisionId = TextRules.Id(m.DecisionId, "decision id"),
                Symbol = TextRules.Id(m.Symbol, "symbol"),
                Side = Defined(m.Side, "side"),
                Quantity = Positive(m.Quantity, "decision quantity"),
                Price = double.IsFinite(m.Price) ? m.Price : throw new Rejection($"decision price is {m.Price}"),
                Signal = TextRules.Text(m.Signal),
                OrderId = TextRules.OptionalId(m.OrderId, "order id"),
            },
            _ => throw new Rejection($"unknown event kind {e.GetType().Name}"),
        };
    }

    // The platform spells it CANCELLED, the design CANCELED: one spelling in the file, whatever the source wrote.
    private static string OrderStatusName(string status) => status == "CANCELLED" ? "CANCELED" : status;

    private static BarRecorded NormalizeBar(BarRecorded b, string runId, DateTime time)
    {
        Finite(b.Open, "open");
        Finite(b.High, "high");
        Finite(b.Low, "low");
        Finite(b.Close, "close");

        if (b.High < b.Low || b.Open > b.High || b.Open < b.Low || b.Close > b.High || b.Close < b.Low)
        {
            throw new Rejection($"bar prices are inconsistent (O={b.Open} H={b.High} L={b.Low} C={b.Close})");
        }

        var seriesId = TextRules.Id(b.SeriesId, "series id");
        var openUtc = RequiredTime(b.OpenUtc, "bar time");
        var volume = NonNegative(b.Volume);
        var volumetric = TextRules.Json(b.VolumetricJson, "volumetric payload");
        // Bars are nine in ten events: one already in its normal form is kept as it is, not copied.
        if (ReferenceEquals(runId, b.RunId) && Same(time, b.EventUtc) && ReferenceEquals(seriesId, b.SeriesId)
            && Same(openUtc, b.OpenUtc) && Nullable.Equals(volume, b.Volume) && ReferenceEquals(volumetric, b.VolumetricJson))
        {
            return b;
        }

        return b with
        {
            RunId = runId, EventUtc = time, SeriesId = seriesId, OpenUtc = openUtc, Volume = volume, VolumetricJson = volumetric,
        };
    }

    // The same instant and the same kind: normalising makes every time UTC, and a kept event must already be.
    private static bool Same(DateTime normalized, DateTime original) =>
        normalized.Ticks == original.Ticks && normalized.Kind == original.Kind;

    private static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new Rejection($"bar {name} is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
    }

    private static DateTime RequiredTime(DateTime time, string field)
    {
        if (time == DateTime.MinValue || time == DateTime.MaxValue)
        {
            throw new Rejection($"{field} is missing ({(time == DateTime.MinValue ? "DateTime.MinValue" : "DateTime.MaxValue")})");
        }

        return Timestamps.ToUtc(time);
    }

    internal static DateTime? OptionalTime(DateTime? time) =>
        time is null || time.Value == DateTime.MinValue || time.Value == DateTime.MaxValue ? null : Timestamps.ToUtc(time.Value);

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static double? NonNegative(double? value) => value is { } v && double.IsFinite(v) && v >= 0 ? v : null;

    private static double Positive(double value, string field) =>
        double.IsFinite(value) && value > 0 ? value : throw new Rejection($"{field} is {value} (must be positive)");

    private static T Defined<T>(T value, string field) where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new Rejection($"{field} has the undefined value {value}");
}
