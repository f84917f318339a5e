namespace QuantowerRecorder.Plugin;

/// <summary>An order of an OCO group declared with <see cref="RunRecorder.DeclareOcoGroup"/>, and its role (see <see cref="OcoRoles"/>).</summary>
/// <param name="OrderId">The platform's order id (TradingOperationResult.OrderId).</param>
/// <param name="Role">ENTRY, SL, TP, EXIT, HEDGE, or any role of your own.</param>
public readonly record struct OcoMember(string OrderId, string Role);
