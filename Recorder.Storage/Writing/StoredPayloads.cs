using System.Text.Json;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The stored payloads of the writer's most frequent logged events, an order's state and a fill, written property by
/// property: the same bytes as <see cref="PayloadJson"/>'s contract gives (its names, its order, nulls left out, enums
/// by name, NaN and infinities as the named literals, a nested document as JSON), without the contract's walk over its
/// metadata: an order event cost the writer's thread 1.4–3.8 µs more through the contract (docs/benchmarks.md).
/// <c>StoredPayloadsTests</c> holds the two to each other over every property of both records.
/// </summary>
internal static class StoredPayloads
{
    private static readonly JsonEncodedText OrderId = JsonEncodedText.Encode("order_id");
    private static readonly JsonEncodedText ParentOrderId = JsonEncodedText.Encode("parent_order_id");
    private static readonly JsonEncodedText StrategyId = JsonEncodedText.Encode("strategy_id");
    private static readonly JsonEncodedText Symbol = JsonEncodedText.Encode("symbol");
    private static readonly JsonEncodedText AccountId = JsonEncodedText.Encode("account_id");
    private static readonly JsonEncodedText SideName = JsonEncodedText.Encode("side");
    private static readonly JsonEncodedText OrderType = JsonEncodedText.Encode("order_type");
    private static readonly JsonEncodedText TimeInForce = JsonEncodedText.Encode("time_in_force");
    private static readonly JsonEncodedText Quantity = JsonEncodedText.Encode("quantity");
    private static readonly JsonEncodedText Price = JsonEncodedText.Encode("price");
    private static readonly JsonEncodedText StopPrice = JsonEncodedText.Encode("stop_price");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText SubmitUtc = JsonEncodedText.Encode("submit_utc");
    private static readonly JsonEncodedText FilledQuantity = JsonEncodedText.Encode("filled_quantity");
    private static readonly JsonEncodedText AverageFillPrice = JsonEncodedText.Encode("average_fill_price");
    private static readonly JsonEncodedText ClientTag = JsonEncodedText.Encode("client_tag");
    private static readonly JsonEncodedText PositionImpactName = JsonEncodedText.Encode("position_impact");
    private static readonly JsonEncodedText ExtraJson = JsonEncodedText.Encode("extra_json");
    private static readonly JsonEncodedText ExecutionId = JsonEncodedText.Encode("execution_id");
    private static readonly JsonEncodedText Fee = JsonEncodedText.Encode("fee");
    private static readonly JsonEncodedText FeeCurrency = JsonEncodedText.Encode("fee_currency");
    private static readonly JsonEncodedText Liquidity = JsonEncodedText.Encode("liquidity");

    private static readonly JsonEncodedText[] Sides = System.Enum.GetNames<Side>().Select(n => JsonEncodedText.Encode(n)).ToArray();
    private static readonly JsonEncodedText[] Impacts = System.Enum.GetNames<PositionImpact>().Select(n => JsonEncodedText.Encode(n)).ToArray();

    /// <summary>Writes the stored payload of an order state or a fill; false for any other event (the contract writes it).</summary>
    public static bool TryWrite(Utf8JsonWriter writer, RecorderEvent e)
    {
        switch (e)
        {
            case OrderSnapshot o:
                Write(writer, o);
                return true;
            case ExecutionRecorded x:
                Write(writer, x);
                return true;
            default:
                return false;
        }
    }

    private static void Write(Utf8JsonWriter w, OrderSnapshot o)
    {
        w.WriteStartObject();
        Text(w, OrderId, o.OrderId);
        Text(w, ParentOrderId, o.ParentOrderId);
        Text(w, StrategyId, o.StrategyId);
        Text(w, Symbol, o.Symbol);
        Text(w, AccountId, o.AccountId);
        Named(w, SideName, Sides, (int)o.Side);
        Text(w, OrderType, o.OrderType);
        Text(w, TimeInForce, o.TimeInForce);
        Number(w, Quantity, o.Quantity);
        Number(w, Price, o.Price);
        Number(w, StopPrice, o.StopPrice);
        Text(w, Status, o.Status);
        if (o.SubmitUtc is { } submitted)
        {
            w.WriteString(SubmitUtc, submitted);
        }

        Number(w, FilledQuantity, o.FilledQuantity);
        Number(w, AverageFillPrice, o.AverageFillPrice);
        Text(w, ClientTag, o.ClientTag);
        Impact(w, o.PositionImpact);
        Nested(w, o.ExtraJson);
        w.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter w, ExecutionRecorded x)
    {
        w.WriteStartObject();
        Text(w, ExecutionId, x.ExecutionId);
        Text(w, OrderId, x.OrderId);
        Text(w, Symbol, x.Symbol);
        Text(w, AccountId, x.AccountId);
        Named(w, SideName, Sides, (int)x.Side);
        Number(w, Price, x.Price);
        Number(w, Quantity, x.Quantity);
        Number(w, Fee, x.Fee);
        Text(w, FeeCurrency, x.FeeCurrency);
        Text(w, Liquidity, x.Liquidity);
        Impact(w, x.PositionImpact);
        Nested(w, x.ExtraJson);
        w.WriteEndObject();
    }

    private static void Text(Utf8JsonWriter w, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    // A number as the contract's double converter writes it with named literals allowed.
    private static void Number(Utf8JsonWriter w, JsonEncodedText name, double? value)
    {
        switch (value)
        {
            case null:
                return;
            case { } v when double.IsFinite(v):
                w.WriteNumber(name, v);
                return;
            case { } v:
                w.WriteString(name, double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
                return;
        }
    }

    // By name, as the string enum converter writes a defined value; a value the enum does not name as its number.
    private static void Named(Utf8JsonWriter w, JsonEncodedText name, JsonEncodedText[] names, int value)
    {
        if ((uint)value < (uint)names.Length)
        {
            w.WriteString(name, names[value]);
        }
        else
        {
            w.WriteNumber(name, value);
        }
    }

    private static void Impact(Utf8JsonWriter w, PositionImpact? impact)
    {
        if (impact is { } value)
        {
            Named(w, PositionImpactName, Impacts, (int)value);
        }
    }

    private static void Nested(Utf8JsonWriter w, string? json)
    {
        if (json is not null)
        {
            w.WritePropertyName(ExtraJson);
            NestedJsonConverter.WriteValue(w, json);
        }
    }
}
