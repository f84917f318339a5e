using System.Text.Json;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// Reading a summary's text (<see cref="StoredSummary.Read"/>): the serializer's compact form token by token, noting what
/// the job reads and where what it rewrites lies; anything else refused, for the serializer to read.
/// </summary>
internal sealed partial class StoredSummary
{
    private bool ReadText(AskedKeys keys)
    {
        var reader = new Utf8JsonReader(text);
        var metrics = new Dictionary<string, double?>(StringComparer.Ordinal);
        var notes = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (!Next(ref reader) || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString()!;
            if (!seen.Add(property) || !Next(ref reader))
            {
                return false;
            }

            switch (property)
            {
                case "whole_run":
                    WholeRun = reader.GetBoolean();
                    break;
                case "metrics":
                    if (!ReadMetrics(ref reader, keys, metrics))
                    {
                        return false;
                    }

                    break;
                case "units":
                    if (!ReadUnits(ref reader, keys))
                    {
                        return false;
                    }

                    break;
                case "notes":
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        return false;
                    }

                    var start = (int)reader.TokenStartIndex;
                    while (Next(ref reader) && reader.TokenType == JsonTokenType.String)
                    {
                        notes.Add(reader.GetString()!);
                    }

                    if (reader.TokenType != JsonTokenType.EndArray)
                    {
                        return false;
                    }

                    notesArray = (start, (int)reader.BytesConsumed);
                    break;
                case "analyzed_utc" or "as_of_utc" when reader.TokenType == JsonTokenType.String:
                case "money_decimals" when reader.TokenType == JsonTokenType.Number:
                    break;
                default:
                    return false;
            }
        }

        // The serializer's whole shape, and nothing after it; metrics that hold some but none asked for leave the
        // serializer to say what the run holds.
        var whole = reader.TokenType == JsonTokenType.EndObject && consumed == text!.Length
            && seen.IsSupersetOf(["analyzed_utc", "whole_run", "money_decimals", "metrics", "units", "notes"]);
        if (!whole || (metricsCount > 0 && metrics.Count == 0))
        {
            return false;
        }

        Metrics = metrics;
        Notes = notes;
        return true;
    }

    private bool ReadMetrics(ref Utf8JsonReader reader, AskedKeys keys, Dictionary<string, double?> metrics)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = Asked(ref reader, keys);
            if (!Next(ref reader) || reader.TokenType is not (JsonTokenType.Number or JsonTokenType.Null))
            {
                return false;
            }

            metricsCount++;
            if (key is null)
            {
                continue;
            }

            if (!metrics.TryAdd(key, reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble()))
            {
                // The serializer keeps the last of a key given twice: not followed here.
                return false;
            }

            values[key] = ((int)reader.TokenStartIndex, (int)reader.BytesConsumed);
        }

        metricsEnd = (int)reader.TokenStartIndex;
        return reader.TokenType == JsonTokenType.EndObject;
    }

    // The next token, where the serializer writes it: right after the one before, or after the one comma between them (a
    // property's name takes its colon with it). Anything else there, as whitespace, is a text the serializer did not write.
    private bool Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }

        var gap = (int)reader.TokenStartIndex - consumed;
        var compact = gap == 0 || (gap == 1 && text![consumed] == (byte)',');
        if (!compact || (reader.TokenType == JsonTokenType.PropertyName && reader.BytesConsumed - reader.TokenStartIndex != reader.ValueSpan.Length + 3))
        {
            throw new JsonException("not the serializer's compact text");
        }

        consumed = (int)reader.BytesConsumed;
        return true;
    }

    // Which units of the keys asked for it holds: the others are only counted.
    private bool ReadUnits(ref Utf8JsonReader reader, AskedKeys keys)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = Asked(ref reader, keys);
            if (!Next(ref reader) || reader.TokenType != JsonTokenType.String || (key is not null && !units.Add(key)))
            {
                return false;
            }

            unitsCount++;
        }

        unitsEnd = (int)reader.TokenStartIndex;
        return reader.TokenType == JsonTokenType.EndObject;
    }

    // The key asked for that the property's name is, if any (compared as text: an escaped name too).
    private static string? Asked(ref Utf8JsonReader reader, AskedKeys keys)
    {
        for (var i = 0; i < keys.Names.Count; i++)
        {
            if (reader.ValueTextEquals(keys.Utf8[i]))
            {
                return keys.Names[i];
            }
        }

        return null;
    }
}
