namespace QuantowerRecorder.Analytics.Trades;

/// <summary>Distinct order ids in order of first appearance; a set is added only once the list grows.</summary>
internal sealed class OrderIdList
{
    private const int SetThreshold = 8;
    private readonly List<string> _ids = [];
    private HashSet<string>? _set;

    public int Count => _ids.Count;

    public string First => _ids[0];

    public IReadOnlyList<string> ToList() => _ids.ToArray();

    public void Add(string id)
    {
        if (_ids.Count > 0 && string.Equals(_ids[^1], id, StringComparison.Ordinal))
        {
            return;
        }

        if (_set is null)
        {
            foreach (var existing in _ids)
            {
                if (string.Equals(existing, id, StringComparison.Ordinal))
                {
                    return;
                }
            }

            _ids.Add(id);
            if (_ids.Count > SetThreshold)
            {
                _set = new HashSet<string>(_ids, StringComparer.Ordinal);
            }

            return;
        }

        if (_set.Add(id))
        {
            _ids.Add(id);
        }
    }
}
