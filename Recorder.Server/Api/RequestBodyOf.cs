namespace QuantowerRecorder.Server.Api;

/// <summary>
/// Endpoint metadata of a route that writes with the server's token: the JSON body it reads, for /openapi.json (its
/// schema, the bearer scheme, and the 401 and 415 answers).
/// </summary>
internal sealed record RequestBodyOf(Type Body);
