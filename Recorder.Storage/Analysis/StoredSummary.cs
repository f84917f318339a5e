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
internal sealed partial class StoredSummary
{
    private static readonly JsonWriterOptions Writing = new() { Encoder = StoreJson.Default.Options.Encoder, SkipValidation = true };

    private readonly byte[]? text;
    private readonly MetricsSummary? parsed;
    private readonly Dictionary<string, (int Start, int End)> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> units = new(StringComparer.Ordinal);
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

    // The notes as the serializer writes a list of strings: each one's bytes follow from its text alone, so a note kept
    // is written as it is stored.
    private static byte[] NotesArray(List<string> notes) => Fragment(w =>
    {
        w.WriteStartArray();
        notes.ForEach(w.WriteStringValue);
        w.WriteEndArray();
    });

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

    /// <summary>The metrics a reader of the summary asks for, with their names as UTF-8 (compared with the text's as they are).</summary>
    internal sealed class AskedKeys(IReadOnlyList<string> names)
    {
        public IReadOnlyList<string> Names { get; } = names;

        public byte[][] Utf8 { get; } = [.. names.Select(Encoding.UTF8.GetBytes)];
    }
}
