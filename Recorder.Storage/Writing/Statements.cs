using System.Globalization;
using System.Text.RegularExpressions;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>The writer's SQL. Text is constant per statement so prepared statements are reused (docs/decisions.md, 20).</summary>
internal static class Statements
{
    public const string InsertStrategy = """
        INSERT INTO strategies(strategy_id, name, version, vendor, source_ref, created_utc, notes)
        VALUES (@StrategyId, @Name, @Version, @Vendor, @SourceRef, @CreatedUtc, @Notes)
        ON CONFLICT(strategy_id) DO NOTHING
        """;

    public const string InsertInstance = """
        INSERT INTO strategy_instances(instance_id, strategy_id, instance_name, parameters_json, symbol, symbols_json,
                                       timeframe, account_id, venue, created_utc, config_hash)
        VALUES (@InstanceId, @StrategyId, @InstanceName, @ParametersJson, @Symbol, @SymbolsJson,
                @Timeframe, @AccountId, @Venue, @CreatedUtc, @ConfigHash)
        ON CONFLICT(instance_id) DO NOTHING
        """;

    public const string InsertRun = """
        INSERT INTO strategy_runs(run_id, instance_id, run_type, start_utc, status, engine_version, data_source,
                                  initial_balance, base_currency, created_utc, fingerprint_json, source_terminal)
        VALUES (@RunId, @InstanceId, @RunType, @StartUtc, 'RUNNING', @EngineVersion, @DataSource,
                @InitialBalance, @BaseCurrency, @CreatedUtc, @FingerprintJson, @SourceTerminal)
        """;

    public const string InsertSeries = """
        INSERT INTO run_series(series_id, run_id, symbol, timeframe, source, has_volumetric, created_utc, market_id)
        VALUES (@SeriesId, @RunId, @Symbol, @Timeframe, @Source, @HasVolumetric, @CreatedUtc, @MarketId)
        ON CONFLICT(series_id) DO UPDATE SET has_volumetric = MAX(has_volumetric, excluded.has_volumetric)
        """;

    public const string InsertOcoGroup = """
        INSERT INTO order_oco_groups(oco_group_id, run_id, created_utc, label, extra_json)
        VALUES (@OcoGroupId, @RunId, @CreatedUtc, @Label, @ExtraJson)
        ON CONFLICT(oco_group_id) DO UPDATE SET label = COALESCE(excluded.label, label),
                                                extra_json = COALESCE(excluded.extra_json, extra_json)
        """;

    public const string UpsertOcoLink = """
        INSERT INTO order_oco_links(run_id, oco_group_id, order_id, oco_role, position_impact)
        VALUES (@RunId, @OcoGroupId, @OrderId, @Role, @PositionImpact)
        ON CONFLICT(run_id, oco_group_id, order_id) DO UPDATE SET
          oco_role = COALESCE(excluded.oco_role, oco_role),
          position_impact = CASE WHEN excluded.position_impact <> 'UNKNOWN' THEN excluded.position_impact
                                 ELSE position_impact END
        """;

    // A snapshot replaces the stored one unless it is older (captured_utc); on a tie the later arrival wins, as
    // orders' sequence does.
    public const string UpsertInstrument = """
        INSERT INTO run_instruments(run_id, symbol, tick_size, tick_value, point_value, lot_size, currency, account_currency,
                                    symbol_type, exchange, expiration_utc, variable_ticks_json, captured_utc, extra_json)
        VALUES (@RunId, @Symbol, @TickSize, @TickValue, @PointValue, @LotSize, @Currency, @AccountCurrency,
                @SymbolType, @Exchange, @ExpirationUtc, @VariableTicksJson, @CapturedUtc, @ExtraJson)
        ON CONFLICT(run_id, symbol) DO UPDATE SET
          tick_size = excluded.tick_size, tick_value = excluded.tick_value, point_value = excluded.point_value,
          lot_size = excluded.lot_size, currency = excluded.currency, account_currency = excluded.account_currency,
          symbol_type = excluded.symbol_type, exchange = excluded.exchange, expiration_utc = excluded.expiration_utc,
          variable_ticks_json = excluded.variable_ticks_json, captured_utc = excluded.captured_utc,
          extra_json = excluded.extra_json
        WHERE excluded.captured_utc >= run_instruments.captured_utc
        """;

    // A decision recorded again replaces its row (the mark's facts are the same; the later one ties the order), but an
    // order once tied stays tied when a later record has none.
    public const string UpsertDecision = """
        INSERT INTO order_decisions(run_id, decision_id, decided_utc, signal, symbol, side, quantity, price, order_id)
        VALUES (@RunId, @DecisionId, @DecidedUtc, @Signal, @Symbol, @Side, @Quantity, @Price, @OrderId)
        ON CONFLICT(run_id, decision_id) DO UPDATE SET
          decided_utc = excluded.decided_utc, signal = excluded.signal, symbol = excluded.symbol, side = excluded.side,
          quantity = excluded.quantity, price = excluded.price,
          order_id = COALESCE(excluded.order_id, order_decisions.order_id)
        """;

    public const string UpdateProgress = """
        UPDATE strategy_runs SET processed_count = @Processed, total_count = COALESCE(@Total, total_count),
          progress_percent = CASE WHEN COALESCE(@Total, total_count) > 0
                                  THEN MIN(100.0, 100.0 * @Processed / COALESCE(@Total, total_count)) END,
          last_progress_utc = @At
        WHERE run_id = @RunId
        """;

    public const string EndRun = """
        UPDATE strategy_runs SET status = @Status, end_utc = @EndUtc, error_message = @ErrorMessage,
          progress_percent = CASE WHEN @Status = 'COMPLETED' AND total_count > 0 THEN 100.0 ELSE progress_percent END
        WHERE run_id = @RunId
        """;

    public const string InsertQuarantine = """
        INSERT INTO ingest_quarantine(run_id, event_type, sequence, reason, payload_json, received_utc, quarantined_utc)
        VALUES (@RunId, @EventType, @Sequence, @Reason, @PayloadJson, @ReceivedUtc, @QuarantinedUtc)
        """;

    // A copy of an event another file recorded (replay, merge) may have been refused before: kept once.
    public const string InsertQuarantineOnce = """
        INSERT INTO ingest_quarantine(run_id, event_type, sequence, reason, payload_json, received_utc, quarantined_utc)
        SELECT @RunId, @EventType, @Sequence, @Reason, @PayloadJson, @ReceivedUtc, @QuarantinedUtc
        WHERE NOT EXISTS (SELECT 1 FROM ingest_quarantine WHERE run_id IS @RunId AND event_type = @EventType
                            AND sequence IS @Sequence AND payload_json = @PayloadJson AND reason = @Reason)
        """;

    // Hot statements: executed per row on one prepared statement, bound by name (NamedStatement): each parameter is
    // its column's name in camelCase, so the VALUES list reads against the column list.
    // A new order of a run this writer started, or whose stored rows it looked up: no row to meet (OrderApplier.Held.cs).
    public const string InsertOrder = """
        INSERT INTO orders(run_id, strategy_id, order_id, parent_order_id, symbol, account_id, side, order_type, tif,
                           quantity, price, stop_price, status, submit_utc, update_utc, client_tag, position_impact,
                           extra_json, last_sequence, filled_quantity, avg_fill_price)
        VALUES ($runId, $strategyId, $orderId, $parentOrderId, $symbol, $accountId, $side, $orderType, $tif,
                $quantity, $price, $stopPrice, $status, $submitUtc, $updateUtc, $clientTag, $positionImpact,
                $extraJson, $lastSequence, $filledQuantity, $avgFillPrice)
        """;

    // A state of an order the file may hold: the insert, or the stored row's update when this state is newer.
    public const string UpsertOrder = InsertOrder + """

        ON CONFLICT(run_id, order_id) DO UPDATE SET
          strategy_id = COALESCE(excluded.strategy_id, strategy_id),
          parent_order_id = COALESCE(excluded.parent_order_id, parent_order_id),
          symbol = excluded.symbol, account_id = COALESCE(excluded.account_id, account_id), side = excluded.side,
          order_type = excluded.order_type, tif = COALESCE(excluded.tif, tif), quantity = excluded.quantity,
          price = excluded.price, stop_price = excluded.stop_price, status = excluded.status,
          submit_utc = MIN(submit_utc, excluded.submit_utc), update_utc = excluded.update_utc,
          client_tag = COALESCE(excluded.client_tag, client_tag),
          position_impact = CASE WHEN $impactGiven = 1 THEN excluded.position_impact ELSE position_impact END,
          extra_json = COALESCE(excluded.extra_json, extra_json), last_sequence = excluded.last_sequence,
          filled_quantity = COALESCE(excluded.filled_quantity, filled_quantity),
          avg_fill_price = COALESCE(excluded.avg_fill_price, avg_fill_price)
        WHERE (excluded.update_utc, excluded.last_sequence) > (COALESCE(update_utc, ''), COALESCE(last_sequence, -1))
        """;

    // A later state of a stored order whose symbol and submission time are as stored (OrderApplier): the upsert's update
    // without those two columns, so their index entries (idx_orders_symbol, idx_orders_run_time) are not rewritten.
    public const string UpdateOrder = """
        UPDATE orders SET
          strategy_id = COALESCE($strategyId, strategy_id), parent_order_id = COALESCE($parentOrderId, parent_order_id),
          account_id = COALESCE($accountId, account_id), side = $side, order_type = $orderType, tif = COALESCE($tif, tif),
          quantity = $quantity, price = $price, stop_price = $stopPrice, status = $status, update_utc = $updateUtc,
          client_tag = COALESCE($clientTag, client_tag),
          position_impact = CASE WHEN $impactGiven = 1 THEN $positionImpact ELSE position_impact END,
          extra_json = COALESCE($extraJson, extra_json), last_sequence = $lastSequence,
          filled_quantity = COALESCE($filledQuantity, filled_quantity), avg_fill_price = COALESCE($avgFillPrice, avg_fill_price)
        WHERE run_id = $runId AND order_id = $orderId
          AND ($updateUtc, $lastSequence) > (COALESCE(update_utc, ''), COALESCE(last_sequence, -1))
        """;

    public const string InheritLinkImpact = """
        UPDATE order_oco_links SET position_impact = $impact
        WHERE run_id = $run AND order_id = $order AND position_impact = 'UNKNOWN'
        """;

    // A plain insert: ExecutionApplier looks the fill's key up first (SelectExecution), so a repeat never reaches it. Not
    // ON CONFLICT DO NOTHING, whose ignored insert still uses up an AUTOINCREMENT id (a rebuild from the raw log, where
    // the repeat is not, would number the rows differently), nor INSERT … SELECT … WHERE NOT EXISTS, for which SQLite
    // builds a temporary table per fill (an insert into the table it reads).
    public const string InsertExecution = """
        INSERT INTO executions(run_id, execution_id, order_id, exec_utc, price, quantity, fee, fee_currency, liquidity,
                               extra_json, symbol, account_id, side, position_impact)
        VALUES ($runId, $executionId, $orderId, $execUtc, $price, $quantity, $fee, $feeCurrency, $liquidity, $extraJson,
                $symbol, $accountId, $side, $positionImpact)
        """;

    public const string SelectExecution = """
        SELECT order_id, exec_utc, price, quantity, fee, symbol, account_id, side
        FROM executions WHERE run_id = $runId AND execution_id = $executionId
        """;

    public const string InsertIngest = """
        INSERT INTO ingest_events(run_id, event_type, event_utc, payload_json, received_utc, sequence, source,
                                  payload_version)
        VALUES ($runId, $eventType, $eventUtc, $payloadJson, $receivedUtc, $sequence, $source, $payloadVersion)
        """;

    /// <summary>
    /// A one-row <paramref name="insert"/> (<c>INSERT … VALUES (…)</c> and nothing after) for <paramref name="rows"/>
    /// rows at once, in order: each row's parameters are the insert's with the row's number after them (<c>$runId0</c>,
    /// <c>$runId1</c>, …).
    /// </summary>
    public static string Rows(string insert, int rows)
    {
        var values = insert.IndexOf("VALUES", StringComparison.Ordinal) + "VALUES".Length;
        var row = insert[values..].Trim();
        return insert[..values] + " " + string.Join(", ", Enumerable.Range(0, rows).Select(number =>
            Regex.Replace(row, @"\$\w+", name => name.Value + number.ToString(CultureInfo.InvariantCulture))));
    }

    public const string CompleteIngest = "UPDATE ingest_events SET payload_json = $payloadJson WHERE id = $id";
}
