namespace QuantowerRecorder.Server.Api;

/// <summary>Endpoint metadata: the query parameters a route reads, for /openapi.json.</summary>
internal sealed record QueryParameters(params string[] Names);
