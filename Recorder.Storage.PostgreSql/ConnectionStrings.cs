using Npgsql;

namespace QuantowerRecorder.Storage.PostgreSql;

/// <summary>
/// Team database connection strings: accepted as keyword form (Host=…;Database=…) or as a URL
/// (postgresql://user:password@host:port/database), and shown only with the password masked.
/// </summary>
public static class ConnectionStrings
{
    public const string Mask = "****";

    /// <summary>The keyword form Npgsql takes; a URL is converted. Throws TeamStoreException (masked) when unreadable.</summary>
    public static string Normalize(string text)
    {
        var trimmed = text.Trim();
        try
        {
            var builder = IsUrl(trimmed) ? FromUrl(trimmed) : new NpgsqlConnectionStringBuilder(trimmed);
            if (string.IsNullOrEmpty(builder.Host))
            {
                throw new TeamStoreException($"The team database connection string names no host: {Masked(trimmed)}");
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException ex)
        {
            throw new TeamStoreException($"The team database connection string cannot be read ({ex.GetType().Name}): {Masked(trimmed)}");
        }
    }

    internal static bool IsUrl(string trimmed) =>
        trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection string with its password (keyword or URL form) replaced by ****.</summary>
    public static string Masked(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Contains("://", StringComparison.Ordinal))
        {
            var scheme = trimmed.IndexOf("://", StringComparison.Ordinal) + 3;
            var at = trimmed.IndexOf('@', scheme);
            if (at < 0)
            {
                return trimmed;
            }

            var colon = trimmed.IndexOf(':', scheme);
            return colon >= 0 && colon < at ? trimmed[..(colon + 1)] + Mask + trimmed[at..] : trimmed;
        }

        // Keyword form: through Npgsql's own parser when it can read the string (a quoted password may hold ';'),
        // else key by key.
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(trimmed);
            if (builder.Password is not null)
            {
                builder.Password = Mask;
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            // Not readable as a whole: mask what looks like a password below.
        }

        return string.Join(';', trimmed.Split(';').Select(part =>
            part.Split('=', 2) is [var key, _]
            && (key.Trim().Equals("password", StringComparison.OrdinalIgnoreCase) || key.Trim().Equals("pwd", StringComparison.OrdinalIgnoreCase))
                ? key + "=" + Mask
                : part));
    }

    /// <summary>Removes every occurrence of the password from a message (a server error may quote the string).</summary>
    public static string Scrub(string message, string connectionString)
    {
        string? password;
        try
        {
            password = new NpgsqlConnectionStringBuilder(Normalize(connectionString)).Password;
        }
        catch (TeamStoreException)
        {
            password = null;
        }

        return string.IsNullOrEmpty(password) ? message : message.Replace(password, Mask, StringComparison.Ordinal);
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string url)
    {
        var uri = new Uri(url);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        return builder;
    }
}
