using System.Globalization;
using System.Text;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>How strings from the platform are made safe to store.</summary>
internal static class TextRules
{
    /// <summary>Ids, symbols, accounts: longer than this is not an id but garbage, and is quarantined.</summary>
    public const int MaxIdLength = 256;

    /// <summary>Short text (tags, names, status): truncated beyond this, with a marker.</summary>
    public const int MaxShortText = 4096;

    /// <summary>Long text (error messages, notes): truncated beyond this, with a marker.</summary>
    public const int MaxLongText = 65536;

    /// <summary>JSON payloads: quarantined beyond this (truncating would break the JSON).</summary>
    public const int MaxJson = 1 << 20;

    public static string Id(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new Rejection($"{field} is missing");
        }

        if (value.Length > MaxIdLength)
        {
            throw new Rejection($"{field} is {value.Length} characters long (at most {MaxIdLength})");
        }

        return Clean(value);
    }

    public static string? OptionalId(string? value, string field) =>
        string.IsNullOrEmpty(value) ? null : Id(value, field);

    public static string? Text(string? value, int max = MaxShortText)
    {
        if (value is null)
        {
            return null;
        }

        return Clean(value.Length > max ? Truncate(value, max) : value);
    }

    /// <summary>
    /// Cuts a text so that it, marker included, is at most <paramref name="max"/> long: normalising the result again
    /// changes nothing, so a replay of the raw log stores the same text.
    /// </summary>
    private static string Truncate(string value, int max)
    {
        var cut = max;
        string marker;
        while (true)
        {
            marker = string.Create(CultureInfo.InvariantCulture, $"…[truncated {value.Length - cut} characters]");
            var next = Math.Max(0, max - marker.Length);
            if (next > 0 && char.IsHighSurrogate(value[next - 1]))
            {
                next--;
            }

            // The marker's digits depend on the cut and the cut on the marker: a few rounds settle it.
            if (next == cut)
            {
                break;
            }

            cut = next;
        }

        return string.Concat(value.AsSpan(0, cut), marker);
    }

    public static string Required(string? value, string field, int max = MaxShortText) =>
        string.IsNullOrWhiteSpace(value) ? throw new Rejection($"{field} is missing") : Text(value, max)!;

    public static string? Json(string? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxJson)
        {
            throw new Rejection($"{field} is {value.Length} characters long (at most {MaxJson})");
        }

        return Clean(value);
    }

    /// <summary>Upper-case invariant form of an enumeration-like text (status, order type, role).</summary>
    public static string Upper(string value) => value.Trim().ToUpperInvariant();

    /// <summary>Replaces unpaired UTF-16 surrogates with U+FFFD: they cannot be encoded as UTF-8 or JSON.</summary>
    public static string Clean(string value)
    {
        // Most text has no surrogate at all: one vectorised scan says so.
        var i = value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0)
        {
            return value;
        }

        // Copied only from the first unpaired surrogate on: text whose surrogates all pair is returned as it is.
        StringBuilder? builder = null;
        for (; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder?.Append(c).Append(value[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                builder ??= new StringBuilder(value.Length).Append(value, 0, i);
                builder.Append('\uFFFD');
            }
            else
            {
                builder?.Append(c);
            }
        }

        return builder?.ToString() ?? value;
    }
}
