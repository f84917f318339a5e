// Over 250 lines: one platform type mirrored whole (contract facts, quotes, tick tables, history requests).
using System.Globalization;
using TradingPlatform.BusinessLayer.Integration;
using TradingPlatform.BusinessLayer.StandIn;

namespace TradingPlatform.BusinessLayer;

public class Symbol : BusinessObject, IComparable<Symbol>, IEquatable<Symbol>
{
    private readonly object liveSync = new();
    private readonly List<HistoricalData> liveHistory = [];
    private double cachedTickSize = double.NaN;

    protected internal Symbol()
    {
    }

    protected internal Symbol(string connectionId)
        : base(connectionId)
    {
    }

    public string Id { get; protected set; }

    public string Name { get; protected set; }

    public Asset Product { get; protected set; }

    public Asset QuotingCurrency { get; protected set; }

    public Exchange Exchange { get; protected set; }

    public string Description { get; private set; }

    public SymbolType SymbolType { get; private set; }

    public double LotSize { get; private set; }

    public double LotStep { get; private set; }

    public double MinLot { get; private set; }

    public double MaxLot { get; private set; }

    public DateTime ExpirationDate { get; private set; }

    public string Root { get; private set; }

    public NettingType NettingType { get; private set; }

    /// <summary>The default history type.</summary>
    public HistoryType HistoryType { get; private set; }

    public SymbolVolumeType VolumeType { get; private set; }

    public TimeSpan QuoteDelay { get; private set; }

    public double Bid { get; private set; } = double.NaN;

    public double Ask { get; private set; } = double.NaN;

    public double Last { get; private set; } = double.NaN;

    public DateTime QuoteDateTime { get; private set; }

    public List<VariableTick> VariableTickList { get; private set; } = [];

    public Symbol Underlier { get; private set; }

    public string UnderlierId { get; private set; }

    public string ExchangeId => this.Exchange?.Id;

    /// <summary>A cached value, else derived from Last / Bid / Ask / the first variable tick, else NaN.</summary>
    public double TickSize
    {
        get
        {
            if (!double.IsNaN(this.cachedTickSize))
            {
                return this.cachedTickSize;
            }

            foreach (var price in new[] { this.Last, this.Bid, this.Ask })
            {
                if (!double.IsNaN(price))
                {
                    return this.GetTickSize(price);
                }
            }

            return this.VariableTickList.Count > 0 ? this.VariableTickList[0].TickSize : double.NaN;
        }
    }

    /// <summary>Falls back to the connection's metadata.</summary>
    public virtual VolumeAnalysisMetadata VolumeAnalysisMetadata => this.OwnVolumeAnalysisMetadata ?? this.Connection?.VolumeAnalysisMetadata;

    internal VolumeAnalysisMetadata OwnVolumeAnalysisMetadata { get; set; }

    /// <summary>The cached tick size if set, else that of the variable tick holding the price, else NaN.</summary>
    public double GetTickSize(double price) =>
        !double.IsNaN(this.cachedTickSize) ? this.cachedTickSize : this.FindTick(price)?.TickSize ?? double.NaN;

    /// <summary>The tick cost of the variable tick holding the price (the underlier's list when the symbol has none); NaN without a list.</summary>
    public double GetTickCost(double price) => this.FindTick(price)?.TickCost ?? double.NaN;

    // Searched from the end, as the platform does.
    private VariableTick FindTick(double price)
    {
        var list = this.VariableTickList.Count > 0 ? this.VariableTickList : this.Underlier?.VariableTickList;
        if (list == null || list.Count == 0)
        {
            return null;
        }

        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (list[i].CheckPrice(price))
            {
                return list[i];
            }
        }

        return null;
    }

    /// <summary>The number of ticks from <paramref name="price1"/> to <paramref name="price2"/>.</summary>
    public double CalculateTicks(double price1, double price2)
    {
        var tick = this.GetTickSize(price1);
        return double.IsNaN(tick) || tick <= 0 ? double.NaN : Math.Round((price2 - price1) / tick, 8);
    }

    public double RoundPriceToTickSize(double price, double tickSize = double.NaN)
    {
        if (double.IsNaN(tickSize))
        {
            tickSize = this.GetTickSize(price);
        }

        return double.IsNaN(tickSize) || tickSize <= 0 ? price : Math.Round(Math.Round(price / tickSize) * tickSize, 10);
    }

    public string FormatPrice(double price)
    {
        var tick = this.GetTickSize(price);
        var decimals = double.IsNaN(tick) ? 2 : DecimalsOf(tick);
        return price.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    public virtual string FormatQuantity(double quantity, bool inLots = true, bool abbreviate = false)
    {
        var value = inLots || this.LotSize <= 0 ? quantity : quantity * this.LotSize;
        if (abbreviate && Math.Abs(value) >= 1000)
        {
            return Math.Abs(value) >= 1_000_000
                ? (value / 1_000_000).ToString("0.##", CultureInfo.InvariantCulture) + "M"
                : (value / 1000).ToString("0.##", CultureInfo.InvariantCulture) + "K";
        }

        return value.ToString("0.########", CultureInfo.InvariantCulture);
    }

    public HistoricalData GetHistory(Period period, DateTime fromTime, DateTime toTime = default) =>
        this.GetHistory(period, this.HistoryType, fromTime, toTime);

    public HistoricalData GetHistory(Period period, HistoryType historyType, DateTime fromTime, DateTime toTime = default) =>
        this.GetHistory(new HistoryAggregationTime(period, historyType), fromTime, toTime);

    public HistoricalData GetHistory(HistoryAggregation aggregation, DateTime fromTime, DateTime toTime = default) =>
        this.GetHistory(new HistoryRequestParameters
        {
            Symbol = this,
            Aggregation = aggregation,
            FromTime = fromTime,
            ToTime = toTime,
        });

    /// <summary>
    /// Synchronous: returns after the "download" of the symbol's history (the bars the test provided and those its
    /// ticks made). An open-ended request is loaded and made live on the connection's thread, between two ticks, so a
    /// tick that arrives during the load is not lost: it updates the loaded bars afterwards, as the platform replays it.
    /// </summary>
    public HistoricalData GetHistory(HistoryRequestParameters historyRequestParameters)
    {
        var data = new HistoricalData(historyRequestParameters);
        if (historyRequestParameters.ToTime != default)
        {
            data.Load(this.Connection?.HistoryProvider.Load(historyRequestParameters) ?? []);
            return data;
        }

        void LoadLive()
        {
            data.Load(this.Connection?.HistoryProvider.Load(historyRequestParameters) ?? []);
            lock (this.liveSync)
            {
                this.liveHistory.Add(data);
            }
        }

        try
        {
            StandInHistory.OnConnectionThread(this, LoadLive);
        }
        catch (ObjectDisposedException)
        {
            // The platform was reset and the connection's queue is closed: no tick can arrive any more.
            LoadLive();
        }

        return data;
    }

    public int CompareTo(Symbol symbol) => symbol == null ? 1 : string.CompareOrdinal(this.Name, symbol.Name);

    public bool Equals(Symbol other) =>
        other != null
        && string.Equals(this.ConnectionId, other.ConnectionId, StringComparison.Ordinal)
        && string.Equals(this.Id, other.Id, StringComparison.Ordinal);

    public override bool Equals(object obj) => this.Equals(obj as Symbol);

    public override int GetHashCode() => HashCode.Combine(this.ConnectionId, this.Id);

    public override string ToString() => this.Name;

    internal HistoricalData[] LiveHistory
    {
        get
        {
            lock (this.liveSync)
            {
                return [.. this.liveHistory];
            }
        }
    }

    internal void Unsubscribe(HistoricalData data)
    {
        lock (this.liveSync)
        {
            this.liveHistory.Remove(data);
        }
    }

    internal void Apply(SymbolMessage message)
    {
        this.Id = message.SymbolId;
        this.Name = message.Name ?? message.SymbolId;
        this.Description = message.Description ?? this.Name;
        this.SymbolType = message.SymbolType;
        this.Exchange = new Exchange(message.ExchangeId, message.ExchangeName);
        this.Product = message.Product == null ? null : new Asset(message.Product, message.Product, message.Product);
        this.QuotingCurrency = message.QuotingCurrency == null ? null : new Asset(message.QuotingCurrency, message.QuotingCurrency, message.QuotingCurrency);
        this.cachedTickSize = message.TickSize;
        this.LotSize = message.LotSize;
        this.LotStep = message.LotStep;
        this.MinLot = message.MinLot;
        this.MaxLot = message.MaxLot;
        this.ExpirationDate = message.ExpirationDate;
        this.Root = message.Root;
        this.NettingType = message.NettingType;
        this.HistoryType = message.HistoryType;
        this.VolumeType = message.VolumeType;
        this.Bid = message.Bid;
        this.Ask = message.Ask;
        this.Last = message.Last;
        this.Underlier = message.Underlier;
        this.UnderlierId = message.Underlier?.Id;
        // A vendor that sends bands gives each its own cost; one that sends only a tick size gets one band over every
        // price, with the platform's default cost of 1.0 when it sends no cost either.
        this.VariableTickList = message.VariableTicks.Length > 0
            ? [.. message.VariableTicks.Select(t => new VariableTick(t.Low, t.High, true, t.TickSize, t.TickCost))]
            : double.IsNaN(message.TickSize) ? [] : [double.IsNaN(message.TickCost) ? new VariableTick(message.TickSize) : new VariableTick(message.TickSize, message.TickCost)];
    }

    internal void ApplyQuote(double bid, double ask, double last, DateTime time)
    {
        this.Bid = bid;
        this.Ask = ask;
        this.Last = last;
        this.QuoteDateTime = time;
    }

    private static int DecimalsOf(double tick)
    {
        var decimals = 0;
        while (decimals < 10 && Math.Abs(Math.Round(tick, decimals) - tick) > 1e-12)
        {
            decimals++;
        }

        return decimals;
    }
}
