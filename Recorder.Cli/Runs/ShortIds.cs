namespace QuantowerRecorder.Cli.Runs;

/// <summary>
/// Abbreviates run ids for tables, git-style: the shortest common length (at least 8) at which every id in the file
/// is still unique, so whatever is shown can be typed back as a prefix.
/// </summary>
internal static class ShortIds
{
    public static int Length(IEnumerable<string> ids, int minimum = 8)
    {
        var all = ids.ToList();
        for (var length = minimum; length < 36; length++)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (all.All(id => seen.Add(id.Length <= length ? id : id[..length])))
            {
                return length;
            }
        }

        return 36;
    }

    public static string Cut(string id, int length) => id.Length <= length ? id : id[..length];
}
