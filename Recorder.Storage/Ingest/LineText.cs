using System.Text;
using System.Text.Json;

namespace QuantowerRecorder.Storage.Ingest;

/// <summary>Finds where a line holds text a string cannot: the JSON path of the first such name or value.</summary>
internal static class LineText
{
    public static string? FirstUnreadable(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(() => element.GetString()) ? null : Named(path);
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstUnreadable(item, $"{path}[{index++}]") is { } inItem)
                    {
                        return inItem;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name = string.Empty;
                    if (!Readable(() => name = property.Name))
                    {
                        // The name itself cannot be read, so the nearest thing a client can find is the object holding it.
                        return Named(path.Length == 0 ? "(a property name)" : path + ".(a property name)");
                    }

                    if (FirstUnreadable(property.Value, path.Length == 0 ? name : path + "." + name) is { } inValue)
                    {
                        return inValue;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>Text from the line as a message may quote it: short, one line, nothing a terminal would act on.</summary>
    public static string Shown(string text)
    {
        var shown = new StringBuilder();
        foreach (var c in text.Length > 200 ? text[..200] : text)
        {
            shown.Append(char.IsControl(c) || char.IsSurrogate(c) ? '?' : c);
        }

        return text.Length > 200 ? shown.Append('…').ToString() : shown.ToString();
    }

    private static string Named(string path) => path.Length == 0 ? "event" : Shown(path);

    private static bool Readable(Action read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
