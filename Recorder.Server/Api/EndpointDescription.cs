using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace QuantowerRecorder.Server.Api;

/// <summary>What a route does and the contract type it answers with: the metadata /openapi.json is written from.</summary>
internal static class EndpointDescription
{
    public static RouteHandlerBuilder Describe<T>(this RouteHandlerBuilder builder, string summary, int status = StatusCodes.Status200OK) =>
        builder.WithSummary(summary).Produces<T>(status);
}
