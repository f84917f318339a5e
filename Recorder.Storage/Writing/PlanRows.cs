namespace QuantowerRecorder.Storage.Writing;

// The cold tables' rows as a batch plans them: one record per table, its properties named as the statement's
// parameters (Dapper binds each row to one command, docs/decisions.md, 19). Times are already the stored text.

/// <summary>A row of strategies (<see cref="Statements.InsertStrategy"/>).</summary>
internal sealed record StrategyRow(string StrategyId, string Name, string? Version, string? Vendor, string? SourceRef,
    string? Notes, string CreatedUtc);

/// <summary>A row of strategy_instances (<see cref="Statements.InsertInstance"/>).</summary>
internal sealed record InstanceRow(string InstanceId, string StrategyId, string? InstanceName, string ParametersJson,
    string? Symbol, string? SymbolsJson, string? Timeframe, string? AccountId, string? Venue, string ConfigHash,
    string CreatedUtc);

/// <summary>A row of strategy_runs (<see cref="Statements.InsertRun"/>).</summary>
internal sealed record RunRow(string RunId, string InstanceId, string RunType, string StartUtc, string? EngineVersion,
    string? DataSource, double? InitialBalance, string? BaseCurrency, string? FingerprintJson, string? SourceTerminal,
    string CreatedUtc);

/// <summary>A row of run_series (<see cref="Statements.InsertSeries"/>).</summary>
internal sealed record SeriesRow(string SeriesId, string RunId, string Symbol, string Timeframe, string? Source,
    int HasVolumetric, string CreatedUtc);

/// <summary>A row of order_oco_groups (<see cref="Statements.InsertOcoGroup"/>).</summary>
internal sealed record OcoGroupRow(string OcoGroupId, string RunId, string CreatedUtc, string? Label, string? ExtraJson);

/// <summary>A row of run_instruments (<see cref="Statements.UpsertInstrument"/>).</summary>
internal sealed record InstrumentRow(string RunId, string Symbol, double? TickSize, double? TickValue, double? PointValue,
    double? LotSize, string? Currency, string? AccountCurrency, string? SymbolType, string? Exchange,
    string? ExpirationUtc, string? VariableTicksJson, string CapturedUtc, string? ExtraJson);

/// <summary>A row of order_decisions (<see cref="DecisionApplier.Upsert"/>).</summary>
internal sealed record DecisionRow(string RunId, string DecisionId, string DecidedUtc, string? Signal, string Symbol,
    string Side, double Quantity, double Price, string? OrderId);

/// <summary>A run's progress (<see cref="Statements.UpdateProgress"/>).</summary>
internal sealed record ProgressRow(string RunId, long Processed, long? Total, string At);

/// <summary>A run's end (<see cref="Statements.EndRun"/>).</summary>
internal sealed record EndRow(string RunId, string Status, string EndUtc, string? ErrorMessage);

/// <summary>A row of ingest_quarantine (<see cref="Statements.InsertQuarantine"/>).</summary>
internal sealed record QuarantineRow(string? RunId, string EventType, long Sequence, string Reason, string PayloadJson,
    string ReceivedUtc, string QuarantinedUtc);
