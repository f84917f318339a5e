using System.Text.Json.Serialization;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Records;

/// <summary>
/// The contract facts of one symbol a run trades (a row of <c>run_instruments</c>). <see cref="RecorderEvent.EventUtc"/>
/// is when they were captured; a later snapshot of the same run and symbol replaces an earlier one, an older one does
/// not. Sizes and values that are NaN, infinite or not positive are stored as NULL, with the reason in
/// <see cref="ExtraJson"/>.
/// </summary>
public sealed record InstrumentDefined : RecorderEvent
{
    /// <summary>The symbol, as orders and fills name it.</summary>
    public required string Symbol { get; init; }

    /// <summary>Smallest price increment.</summary>
    public double? TickSize { get; init; }

    /// <summary>Money per tick per 1 lot, in <see cref="Currency"/>.</summary>
    public double? TickValue { get; init; }

    /// <summary>Money per 1.0 of price per 1 lot (contract multiplier), in <see cref="Currency"/>.</summary>
    public double? PointValue { get; init; }

    /// <summary>Units of the underlying per lot.</summary>
    public double? LotSize { get; init; }

    /// <summary>The money unit of tick and point value (the symbol's quoting currency).</summary>
    public string? Currency { get; init; }

    public string? AccountCurrency { get; init; }

    /// <summary>Futures, Crypto, Forex, Equities, … (stored upper-case).</summary>
    public string? SymbolType { get; init; }

    public string? Exchange { get; init; }

    /// <summary>
    /// Expiry of a dated contract, converted to UTC; null when none is given or it is <see cref="DateTime.MinValue"/>
    /// or <see cref="DateTime.MaxValue"/>.
    /// </summary>
    public DateTime? ExpirationUtc { get; init; }

    /// <summary>Price bands with their own tick size and value, as a JSON array.</summary>
    [JsonConverter(typeof(NestedJsonConverter))]
    public string? VariableTicksJson { get; init; }

    /// <summary>Anything else worth keeping, as JSON; also why a value was not stored.</summary>
    [JsonConverter(typeof(NestedJsonConverter))]
    public string? ExtraJson { get; init; }

    /// <inheritdoc/>
    public override string EventType => EventTypes.InstrumentDefined;
}
