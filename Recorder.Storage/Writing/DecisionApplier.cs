namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The order_decisions table. A decision recorded again replaces its row (the mark's facts are the same; the later
/// one ties the order), but an order once tied stays tied when a later record has none.
/// </summary>
internal static class DecisionApplier
{
    public const string Upsert = """
        INSERT INTO order_decisions(run_id, decision_id, decided_utc, signal, symbol, side, quantity, price, order_id)
        VALUES (@RunId, @DecisionId, @DecidedUtc, @Signal, @Symbol, @Side, @Quantity, @Price, @OrderId)
        ON CONFLICT(run_id, decision_id) DO UPDATE SET
          decided_utc = excluded.decided_utc, signal = excluded.signal, symbol = excluded.symbol, side = excluded.side,
          quantity = excluded.quantity, price = excluded.price,
          order_id = COALESCE(excluded.order_id, order_decisions.order_id)
        """;
}
