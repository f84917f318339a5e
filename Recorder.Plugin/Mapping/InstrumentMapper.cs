using QuantowerRecorder.Plugin.Platform;
using QuantowerRecorder.Storage.Records;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Mapping;

/// <summary>
/// Captures a symbol's contract facts the first time a run meets it (an order, a fill, a bar), so that every money
/// figure can be computed with its point value: tick size, tick cost at the price met (point value = tick cost / tick
/// size), lot size, quoting and account currency, type, exchange, expiry and variable ticks.
/// A tick cost of exactly 1.0 is the platform's default when a connection gives none (VariableTick's constructor), so
/// unless the tick size is 1 too it is not taken as a fact: tick and point value stay empty (the analysis then falls
/// back to point value 1 and says so) and extra_json keeps what was reported.
/// </summary>
internal sealed class InstrumentMapper
{
    private readonly HashSet<string> captured = new(StringComparer.Ordinal);

    /// <summary>The event for a symbol not met before in this run; null for one already captured.</summary>
    public InstrumentDefined? Capture(Symbol? symbol, Account? account, double price, string runId, RunSource source, DateTime now)
    {
        var name = Formats.Symbol(symbol);
        if (symbol is null || string.IsNullOrEmpty(name) || captured.Contains(name))
        {
            return null;
        }

        if (!double.IsFinite(price))
        {
            price = new[] { symbol.Last, symbol.Bid, symbol.Ask }.FirstOrDefault(double.IsFinite, double.NaN);
        }

        var tickSize = symbol.TickSize;
        if (!double.IsFinite(tickSize) || tickSize <= 0)
        {
            tickSize = symbol.GetTickSize(price);
        }

        var tickCost = symbol.GetTickCost(price);
        var costIsDefault = tickCost == 1.0 && tickSize != 1.0;
        double? tickValue = double.IsFinite(tickCost) && tickCost > 0 && !costIsDefault ? tickCost : null;
        double? pointValue = tickValue is { } v && double.IsFinite(tickSize) && tickSize > 0 ? v / tickSize : null;

        captured.Add(name);
        return new InstrumentDefined
        {
            RunId = runId, EventUtc = now, Source = source, Symbol = name,
            TickSize = PlatformNames.Price(tickSize), TickValue = tickValue, PointValue = pointValue,
            LotSize = PlatformNames.Price(symbol.LotSize),
            Currency = Formats.Currency(symbol.QuotingCurrency), AccountCurrency = Formats.Currency(account?.AccountCurrency),
            SymbolType = symbol.SymbolType.ToString(),
            Exchange = symbol.Exchange?.ExchangeName ?? symbol.Exchange?.Id,
            ExpirationUtc = symbol.ExpirationDate == default ? null : symbol.ExpirationDate,
            VariableTicksJson = VariableTicks(symbol.VariableTickList),
            ExtraJson = Extra(symbol, price, tickCost, costIsDefault),
        };
    }

    // Taken as a sequence: the spec names the list, not its collection type.
    private static string? VariableTicks(IEnumerable<VariableTick>? list)
    {
        var ticks = list?.Where(t => t is not null).ToList();
        if (ticks is null || ticks.Count == 0)
        {
            return null;
        }

        return SmallJson.Write(ticks, static (json, items) =>
        {
            json.WriteStartArray();
            foreach (var tick in items)
            {
                json.WriteStartObject();
                json.WriteNumberOrNull("left", tick.LeftBorder);
                json.WriteNumberOrNull("right", tick.RightBorder);
                json.WriteBoolean("include_left", tick.IncludeLeftBorder);
                json.WriteNumberOrNull("tick_size", tick.TickSize);
                json.WriteNumberOrNull("tick_cost", tick.TickCost);
                json.WriteNumber("precision", tick.Precision);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }

    private static string Extra(Symbol symbol, double price, double tickCost, bool costIsDefault) =>
        SmallJson.Write((symbol.Id, price, tickCost, costIsDefault), static (json, s) =>
        {
            json.WriteStartObject();
            json.WriteString("symbol_id", s.Id);
            json.WriteNumberOrNull("price", s.price);
            json.WriteNumberOrNull("tick_cost_reported", s.tickCost);
            if (s.costIsDefault)
            {
                json.WriteString("tick_cost_note",
                    "1.0 is the platform's default when the connection gives no tick cost; not taken as the contract's value");
            }
            else if (!double.IsFinite(s.tickCost))
            {
                json.WriteString("tick_cost_note", "the symbol has no variable tick list, so no tick cost");
            }

            json.WriteEndObject();
        });
}
