namespace QuantowerRecorder.Tests.Support;

/// <summary>
/// Ids and the names that stand for them in a text (a run id → "&lt;Fast 5/20 BACKTEST&gt;"). <see cref="Replace"/> gives
/// exactly what replacing every id in turn, in the order given, gives (<c>names.Aggregate(text, (t, n) =&gt;
/// t.Replace(n.Key, n.Value))</c>), but reads the text once to find the ids in it, instead of once per id: a demo's
/// two thousand ids over its hundred and fifty thousand rows took minutes.
/// </summary>
/// <remarks>
/// The same result, because a replacement can only bring in an id that its name holds or that runs across the name's
/// first or last character: the constructor refuses names that hold an id, or start or end with a character an id has.
/// So the ids replaced in turn are those the text held at first, in the same order; replacing only those is the same.
/// </remarks>
internal sealed class IdNames
{
    // Ids are looked up by their first characters at each position of the text, then compared whole.
    private const int PrefixLength = 8;

    private readonly List<KeyValuePair<string, string>> names;
    private readonly Dictionary<string, List<int>>.AlternateLookup<ReadOnlySpan<char>> byPrefix;
    private readonly List<int> shortIds = [];

    public IdNames(IEnumerable<KeyValuePair<string, string>> names)
    {
        this.names = [.. names];
        var prefixes = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < this.names.Count; i++)
        {
            var id = this.names[i].Key;
            if (id.Length == 0)
            {
                throw new ArgumentException("an empty id", nameof(names));
            }

            if (id.Length < PrefixLength)
            {
                shortIds.Add(i);
                continue;
            }

            var prefix = id[..PrefixLength];
            if (!prefixes.TryGetValue(prefix, out var ids))
            {
                prefixes[prefix] = ids = [];
            }

            ids.Add(i);
        }

        byPrefix = prefixes.GetAlternateLookup<ReadOnlySpan<char>>();
        var idCharacters = this.names.SelectMany(n => n.Key).ToHashSet();
        foreach (var (id, name) in this.names)
        {
            if (name.Length == 0 || idCharacters.Contains(name[0]) || idCharacters.Contains(name[^1]) || Found(name).Count > 0)
            {
                throw new ArgumentException($"the name '{name}' of {id} starts or ends with a character of an id, or holds an id: replacing ids in turn could then differ", nameof(names));
            }
        }
    }

    /// <summary>The text with every id replaced by its name, the ids taken in the order given.</summary>
    public string Replace(string text)
    {
        foreach (var i in Found(text))
        {
            text = text.Replace(names[i].Key, names[i].Value, StringComparison.Ordinal);
        }

        return text;
    }

    // The ids the text holds, by their place in the order given, in that order.
    private SortedSet<int> Found(string text)
    {
        var found = new SortedSet<int>();
        for (var at = 0; at + PrefixLength <= text.Length; at++)
        {
            if (byPrefix.TryGetValue(text.AsSpan(at, PrefixLength), out var ids))
            {
                foreach (var i in ids)
                {
                    if (text.AsSpan(at).StartsWith(names[i].Key, StringComparison.Ordinal))
                    {
                        found.Add(i);
                    }
                }
            }
        }

        foreach (var i in shortIds)
        {
            if (text.Contains(names[i].Key, StringComparison.Ordinal))
            {
                found.Add(i);
            }
        }

        return found;
    }
}
