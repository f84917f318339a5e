using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace QuantowerRecorder.Server.Api;

/// <summary>
/// OpenAPI schemas of the contract types, read from the serializer's own metadata for them (names after the naming
/// policy, element types of lists): one component per record, referenced wherever it appears.
/// </summary>
internal sealed class OpenApiSchemas(JsonSerializerOptions json)
{
    private static readonly Dictionary<Type, string> Primitives = new()
    {
        [typeof(string)] = "string", [typeof(bool)] = "boolean", [typeof(int)] = "integer", [typeof(long)] = "integer",
        [typeof(double)] = "number", [typeof(decimal)] = "number", [typeof(float)] = "number",
    };

    public JsonObject Components { get; } = new();

    public JsonObject For(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (Primitives.TryGetValue(type, out var primitive))
        {
            return new JsonObject { ["type"] = primitive };
        }

        var info = json.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable:
                return new JsonObject { ["type"] = "array", ["items"] = For(Generic(type, typeof(IEnumerable<>))[0]) };
            case JsonTypeInfoKind.Dictionary:
                return new JsonObject { ["type"] = "object", ["additionalProperties"] = For(Generic(type, typeof(IEnumerable<>))[0].GetGenericArguments()[1]) };
            case JsonTypeInfoKind.Object:
                return Reference(type, info);
            default:
                // JsonNode, object: any JSON value (parameters are whatever the strategy declared).
                return new JsonObject();
        }
    }

    private JsonObject Reference(Type type, JsonTypeInfo info)
    {
        var name = type.Name;
        if (!Components.ContainsKey(name))
        {
            Components[name] = null;
            var properties = new JsonObject();
            foreach (var property in info.Properties)
            {
                properties[property.Name] = For(property.PropertyType);
            }

            Components[name] = new JsonObject { ["type"] = "object", ["properties"] = properties };
        }

        return new JsonObject { ["$ref"] = "#/components/schemas/" + name };
    }

    /// <summary>The type arguments of the generic interface <paramref name="open"/> that <paramref name="type"/> implements.</summary>
    private static Type[] Generic(Type type, Type open) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == open ? type : type.GetInterfaces().First(i => i.IsGenericType && i.GetGenericTypeDefinition() == open))
            .GetGenericArguments();
}
