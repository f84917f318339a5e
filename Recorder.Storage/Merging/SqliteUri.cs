using System.Text;

namespace QuantowerRecorder.Storage.Merging;

/// <summary>
/// A file path as an SQLite URI filename. ATTACH honours <c>?mode=ro</c> only when the connection itself was opened
/// from a URI, so the target is opened as one too.
/// </summary>
internal static class SqliteUri
{
    public static string For(string fullPath, bool readOnly)
    {
        var path = fullPath.Replace('\\', '/');
        if (!path.StartsWith('/'))
        {
            // C:/data/x.db → file:///C:/data/x.db
            path = "/" + path;
        }

        var uri = new StringBuilder("file://");
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '/' or ':' or '-' or '_' or '.' or '~')
            {
                uri.Append(c);
            }
            else
            {
                // Everything else, '?', '#', '%' and spaces included, is percent-encoded; SQLite decodes it.
                uri.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return readOnly ? uri.Append("?mode=ro").ToString() : uri.ToString();
    }
}
