using System.Buffers;
using System.Text;
using System.Text.Json;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// A run's stored summary (<c>metrics_json</c>, <see cref="MetricsSummary"/>) as the trials' figures job reads and
/// rewrites it (<see cref="TrialFigures"/>): whether it is the whole run's, the metrics the figures are computed from, its
/// notes, and the summary again with new figures and notes. The job rewrites every run of a population each time the
/// population grows, so it does not build the summary's two dictionaries of every metric and unit to change three values:
/// it reads what it needs from the text and writes the new text as the stored one with those values and the notes
/// replaced, byte for byte what the serializer writes for the summary changed so (tests compare the two). A summary this
/// does not read (a shape the serializer did not write, or one whose metrics hold none of the keys asked for) goes
/// through the serializer, as every summary did before.
/// </summary>
internal sealed class StoredSummary
{
    private static readonly JsonWriterOptions Writing = new() { Encoder = StoreJson.Default.Options.Encoder, SkipValidation = true };

    private readonly byte[]? text;
    private readonly MetricsSummary? parsed;
    private readonly Dictionary<string, (int Start, int End)> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> units = new(StringComparer.Ordinal);
    private readonly List<(int Start, int End)> noteTokens = [];
    private int consumed;
    private int metricsCount;
    private int metricsEnd;
    private int unitsCount;
    private int unitsEnd;
    private (int Start, int End) notesArray;

    private StoredSummary(byte[] text) => this.text = text;

    private StoredSummary(MetricsSummary parsed)
    {
        this.parsed = parsed;
        WholeRun = parsed.WholeRun;
        Metrics = parsed.Metrics;
        Notes = parsed.Notes;
    }

    /// <summary>The analysis is the whole run's (a running run's leaves out what needs the whole run).</summary>
    public bool WholeRun { get; private set; }

    /// <summary>The metrics asked for that the summary holds (all of them, read by the serializer); never empty when it holds any.</summary>
    public IReadOnlyDictionary<string, double?> Metrics { get; private set; } = new Dictionary<string, double?>(StringComparer.Ordinal);

    /// <summary>The summary's notes, in order.</summary>
    public IReadOnlyList<string> Notes { get; private set; } = [];

    /// <summary>
    /// The summary stored as <paramref name="json"/>, with the metrics among <paramref name="keys"/> that it holds (read
    /// from the text, else every metric by the serializer); null for the JSON text "null".
    /// </summary>
    public static StoredSummary? Of(string json, AskedKeys keys) => Read(json, keys) ?? Parse(json);

    /// <summary>The summary read by the serializer, as every summary was before (tests compare the two ways).</summary>
    internal static StoredSummary? Parse(string json) =>
        JsonSerializer.Deserialize(json, StoreJson.Default.MetricsSummary) is { } summary ? new StoredSummary(summary) : null;

    /// <summary>
    /// The summary read from its text, or null where this reader does not follow it (the serializer then does): a shape
    /// other than the serializer's, a key asked for twice, or metrics none of whose keys are asked for.
    /// </summary>
    internal static StoredSummary? Read(string json, AskedKeys keys)
    {
        var summary = new StoredSummary(Encoding.UTF8.GetBytes(json));
        try
        {
            return summary.ReadText(keys) ? summary : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // A token of another kind than the property's (Utf8JsonReader's getters throw so).
            return null;
        }
    }

    /// <summary>
    /// The summary's JSON with the metrics <paramref name="keys"/> set to <paramref name="figures"/> (added after the others
    /// where it has none, with <paramref name="figureUnits"/> added to its units likewise) and its notes replaced by
    /// <paramref name="notes"/>: what the serializer writes for the summary changed so.
    /// </summary>
    public string With(IReadOnlyList<string> keys, IReadOnlyList<double?> figures, IReadOnlyList<string> figureUnits, List<string> notes)
    {
        if (parsed is not null)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                parsed.Metrics[keys[i]] = figures[i];
                parsed.Units.TryAdd(keys[i], figureUnits[i]);
            }

            return JsonSerializer.Serialize(parsed with { Notes = notes }, StoreJson.Default.MetricsSummary);
        }

        if (figures.Any(f => f is { } v && !double.IsFinite(v)))
        {
            // The serializer's own answer (it refuses such a number): not one this writes.
            return Parse(Encoding.UTF8.GetString(text!))!.With(keys, figures, figureUnits, notes);
        }

        var edits = new List<(int Start, int End, byte[] Bytes)>();
        var (addedMetrics, addedUnits) = (new ArrayBufferWriter<byte>(), new ArrayBufferWriter<byte>());
        var (metricsSoFar, unitsSoFar) = (metricsCount, unitsCount);
        for (var i = 0; i < keys.Count; i++)
        {
            if (values.TryGetValue(keys[i], out var at))
            {
                edits.Add((at.Start, at.End, Fragment(w => Number(w, figures[i]))));
            }
            else
            {
                Append(addedMetrics, metricsSoFar++ > 0, w =>
                {
                    w.WritePropertyName(keys[i]);
                    Number(w, figures[i]);
                });
            }

            if (!units.Contains(keys[i]))
            {
                Append(addedUnits, unitsSoFar++ > 0, w =>
                {
                    w.WritePropertyName(keys[i]);
                    w.WriteStringValue(figureUnits[i]);
                });
            }
        }

        edits.Add((metricsEnd, metricsEnd, addedMetrics.WrittenSpan.ToArray()));
        edits.Add((unitsEnd, unitsEnd, addedUnits.WrittenSpan.ToArray()));
        edits.Add((notesArray.Start, notesArray.End, NotesArray(notes)));
        edits.Sort((a, b) => a.Start.CompareTo(b.Start));
        var written = new ArrayBufferWriter<byte>(text!.Length + 256);
        var from = 0;
        foreach (var (start, end, bytes) in edits)
        {
            written.Write(text.AsSpan(from, start - from));
            written.Write(bytes);
            from = end;
        }

        written.Write(text.AsSpan(from));
        return Encoding.UTF8.GetString(written.WrittenSpan);
    }

    // The notes kept as they are stored (their tokens' bytes), the others written as the serializer writes a string.
    private byte[] NotesArray(List<string> notes)
    {
        var stored = new Dictionary<string, Queue<(int Start, int End)>>(StringComparer.Ordinal);
        for (var i = 0; i < Notes.Count; i++)
        {
            if (!stored.TryGetValue(Notes[i], out var tokens))
            {
                stored[Notes[i]] = tokens = new Queue<(int, int)>();
            }

            tokens.Enqueue(noteTokens[i]);
        }

        var written = new ArrayBufferWriter<byte>();
        written.Write("["u8);
        for (var i = 0; i < notes.Count; i++)
        {
            if (i > 0)
            {
                written.Write(","u8);
            }

            if (stored.TryGetValue(notes[i], out var tokens) && tokens.TryDequeue(out var token))
            {
                written.Write(text.AsSpan(token.Start, token.End - token.Start));
            }
            else
            {
                written.Write(Fragment(w => w.WriteStringValue(notes[i])));
            }
        }

        written.Write("]"u8);
        return written.WrittenSpan.ToArray();
    }

    private static void Number(Utf8JsonWriter writer, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void Append(ArrayBufferWriter<byte> to, bool comma, Action<Utf8JsonWriter> write)
    {
        if (comma)
        {
            to.Write(","u8);
        }

        to.Write(Fragment(write));
    }

    // What a writer with the serializer's encoder writes, alone: no separator before it.
    private static byte[] Fragment(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, Writing))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

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
                        noteTokens.Add(((int)reader.TokenStartIndex, (int)reader.BytesConsumed));
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

    /// <summary>The metrics a reader of the summary asks for, with their names as UTF-8 (compared with the text's as they are).</summary>
    internal sealed class AskedKeys(IReadOnlyList<string> names)
    {
        public IReadOnlyList<string> Names { get; } = names;

        public byte[][] Utf8 { get; } = [.. names.Select(Encoding.UTF8.GetBytes)];
    }
}
