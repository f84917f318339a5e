namespace QuantowerRecorder.Analytics.Trades;

/// <summary>Distinct order ids in order of first appearance; a set is added only once the list grows.</summary>
internal sealed class OrderIdList
{
    private const int SetThreshold = 8;
    private readonly List<string> ids = [];
    private HashSet<string>? set;

    public string First => this.ids[0];

    public IReadOnlyList<string> ToList() => this.ids.ToArray();

    public void Add(string id)
    {
        if (this.ids.Count > 0 && string.Equals(this.ids[^1], id, StringComparison.Ordinal))
        {
            return;
        }

        if (this.set is null)
        {
            foreach (var existing in this.ids)
            {
                if (string.Equals(existing, id, StringComparison.Ordinal))
                {
                    return;
                }
            }

            this.ids.Add(id);
            if (this.ids.Count > SetThreshold)
            {
                this.set = new HashSet<string>(this.ids, StringComparer.Ordinal);
            }

            return;
        }

        if (this.set.Add(id))
        {
            this.ids.Add(id);
        }
    }
}
