namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// What an id typed by a user means among known ids: the full id or a unique prefix of it (ignoring case); otherwise
/// the ids it is a prefix of, or the closest ids. Pure: the same for runs, instances or strategies of any store.
/// </summary>
public static class IdResolution
{
    /// <summary>Resolves <paramref name="text"/> among <paramref name="ids"/>.</summary>
    public static RunResolution Resolve(IReadOnlyList<string> ids, string text)
    {
        var wanted = text.Trim();
        var matches = new List<string>();
        if (wanted.Length > 0)
        {
            foreach (var id in ids)
            {
                if (string.Equals(id, wanted, StringComparison.OrdinalIgnoreCase))
                {
                    return new RunResolution(id, [id], []);
                }

                if (id.StartsWith(wanted, StringComparison.OrdinalIgnoreCase))
                {
                    matches.Add(id);
                }
            }
        }

        if (matches.Count == 1)
        {
            return new RunResolution(matches[0], matches, []);
        }

        return new RunResolution(null, matches, matches.Count == 0 ? Closest(ids, wanted) : []);
    }

    /// <summary>Up to three of <paramref name="candidates"/> whose start is within a few edits of <paramref name="wanted"/>, closest first.</summary>
    public static IReadOnlyList<string> Closest(IReadOnlyList<string> candidates, string wanted) => candidates
        .Select(id => (Id: id, Distance: EditDistance.Between(wanted, id.Length > wanted.Length ? id[..wanted.Length] : id)))
        .Where(c => c.Distance <= Math.Max(2, wanted.Length / 3))
        .OrderBy(c => c.Distance).ThenBy(c => c.Id, StringComparer.Ordinal)
        .Take(3)
        .Select(c => c.Id)
        .ToList();
}
