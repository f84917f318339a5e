using Microsoft.AspNetCore.Http;

namespace QuantowerRecorder.Server.Api;

/// <summary>RFC 7807 problem bodies (application/problem+json): what went wrong, and for bad input which field and why.</summary>
internal static class Problems
{
    public static IResult BadEvent(string detail, string? field, long? line = null)
    {
        var extensions = new Dictionary<string, object?> { ["field"] = field };
        if (line is not null)
        {
            extensions["line"] = line;
        }

        return TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid event",
            extensions: extensions);
    }

    /// <summary>A request body that is not what the route takes: which field (a JSON path) and why.</summary>
    public static IResult BadBody(string detail, string? field) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid body",
            extensions: new Dictionary<string, object?> { ["field"] = field });

    public static IResult BadQuery(string parameter, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid query parameter",
            extensions: new Dictionary<string, object?> { ["field"] = parameter });

    public static IResult NotFound(string what, string id, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: $"Unknown {what}",
            extensions: new Dictionary<string, object?> { [what.Replace(' ', '_') + "_id"] = id });

    public static IResult Status(int status, string title, string detail) => TypedResults.Problem(detail, statusCode: status, title: title);
}
