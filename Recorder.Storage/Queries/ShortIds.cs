namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// Abbreviates run ids for tables, git-style: the shortest common length (at least 8) at which every id in the file
/// is still unique, so whatever is shown can be typed back as a prefix (<see cref="IRunReader.Resolve"/>).
/// </summary>
public static class ShortIds
{
    /// <summary>The length at which every id of <paramref name="ids"/> is unique, at least <paramref name="minimum"/>.</summary>
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

    /// <summary>The first <paramref name="length"/> characters of the id.</summary>
    public static string Cut(string id, int length) => id.Length <= length ? id : id[..length];
}
