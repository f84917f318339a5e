namespace QuantowerRecorder.Storage.Writing;

// The cold tables' rows as a batch plans them: one record per table, its properties named as the statement's
// parameters (Dapper binds each row to one command, docs/decisions.md, 20). Times are already the stored text.

internal sealed record StrategyRow(string StrategyId, string Name, string? Version, string? Vendor, string? SourceRef,
    string? Notes, string CreatedUtc);

internal sealed record InstanceRow(string InstanceId, string StrategyId, string? InstanceName, string ParametersJson,
    string? Symbol, string? SymbolsJson, string? Timeframe, string? AccountId, string? Venue, string ConfigHash,
    string CreatedUtc);

internal sealed record RunRow(string RunId, string InstanceId, string RunType, string StartUtc, string? EngineVersion,
    string? DataSource, double? InitialBalance, string? BaseCurrency, string? FingerprintJson, string? SourceTerminal,
    string CreatedUtc);

internal sealed record SeriesRow(string SeriesId, string RunId, string Symbol, string Timeframe, string? Source,
    int HasVolumetric, string CreatedUtc);

internal sealed record OcoGroupRow(string OcoGroupId, string RunId, string CreatedUtc, string? Label, string? ExtraJson);

internal sealed record InstrumentRow(string RunId, string Symbol, double? TickSize, double? TickValue, double? PointValue,
    double? LotSize, string? Currency, string? AccountCurrency, string? SymbolType, string? Exchange,
    string? ExpirationUtc, string? VariableTicksJson, string CapturedUtc, string? ExtraJson);

internal sealed record DecisionRow(string RunId, string DecisionId, string DecidedUtc, string? Signal, string Symbol,
    string Side, double Quantity, double Price, string? OrderId);

internal sealed record ProgressRow(string RunId, long Processed, long? Total, string At);

internal sealed record EndRow(string RunId, string Status, string EndUtc, string? ErrorMessage);

internal sealed record QuarantineRow(string? RunId, string EventType, long Sequence, string Reason, string PayloadJson,
    string ReceivedUtc, string QuarantinedUtc);
