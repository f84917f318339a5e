namespace QuantowerRecorder.Storage.Writing.Bars;

/// <summary>
/// What a series covers (docs/decisions.md, 14; series_unseen): the times inside its stretch that it did not see. A
/// market's bar stored inside other series' stretches is unseen for them; a stretch that grows over the market's bars
/// marks those unseen for its own series; a time a series sees later stops being one.
/// </summary>
internal sealed partial class BarStore
{
    private readonly NamedStatement<UnseenKey> unseenByOthers = new(connection, BarStatements.UnseenByOthers);
    private readonly NamedStatement<SeriesKey> insertUnseen = new(connection, BarStatements.InsertUnseen);
    private readonly NamedStatement<SeriesKey> selectUnseen = new(connection, BarStatements.SelectUnseen);
    private readonly NamedStatement<SeriesKey> deleteUnseen = new(connection, BarStatements.DeleteUnseen);
    private readonly NamedStatement<BetweenKey> marketTimesBetween = new(connection, BarStatements.MarketTimesBetween);

    /// <summary>
    /// Whether the series saw <paramref name="ts"/>: a time of its stretch that is not among its unseen ones (only a time
    /// strictly inside the stretch can be, and only of a series that has any, so a forming bar's updates ask nothing).
    /// </summary>
    public bool Sees(SeriesBars s, long ts)
    {
        if (!s.Covers(ts))
        {
            return false;
        }

        if (!s.HasUnseen || ts == s.First || ts == s.Last)
        {
            return true;
        }

        var unseen = selectUnseen.Text(SeriesKey.Series, s.Id).Integer(SeriesKey.Ts, ts).Next();
        if (unseen)
        {
            selectUnseen.Reset();
        }

        return !unseen;
    }

    /// <summary>The series now sees a time of its stretch it had not seen.</summary>
    public void Seen(SeriesBars s, long ts)
    {
        Touch(s.Market, ts);
        deleteUnseen.Text(SeriesKey.Series, s.Id).Integer(SeriesKey.Ts, ts).Run();
    }

    /// <summary>
    /// A bar the market gets at <paramref name="ts"/>, before its newest, from <paramref name="seer"/>: every other series
    /// whose stretch holds the time did not see it. Their stretches as stored, and the batch's own growth of those it knows.
    /// </summary>
    public void UnseenByOthers(SeriesBars seer, long ts)
    {
        Touch(seer.Market, ts);
        unseenByOthers.Integer(UnseenKey.Market, seer.Market).Integer(UnseenKey.Ts, ts).Text(UnseenKey.Series, seer.Id);
        while (unseenByOthers.Next())
        {
            if (series.TryGetValue(unseenByOthers.Row.GetString(0)!, out var other))
            {
                other.HasUnseen = true;
            }
        }

        foreach (var other in series.Values)
        {
            if (other.Moved && other != seer && other.Market == seer.Market && ts > other.First && ts < other.Last)
            {
                Unseen(other, ts);
            }
        }
    }

    /// <summary>
    /// The series' stretch grows from <paramref name="after"/> to <paramref name="before"/> (or back): the market's bars
    /// strictly between them are times it did not see. From the batch's read-ahead where it spans them, else one look.
    /// </summary>
    public void UnseenBetween(SeriesBars s, long after, long before)
    {
        if (s.Market == aheadMarket && after >= aheadFrom && before <= aheadTo)
        {
            var keys = ahead.Keys;
            for (var i = FirstAfter(keys, after); i < keys.Count && keys[i] < before; i++)
            {
                Unseen(s, keys[i]);
            }

            return;
        }

        List<long>? times = null;
        marketTimesBetween.Integer(BetweenKey.Market, s.Market).Integer(BetweenKey.After, after).Integer(BetweenKey.Before, before);
        while (marketTimesBetween.Next())
        {
            (times ??= []).Add(marketTimesBetween.Row.GetNullableInteger(0)!.Value);
        }

        foreach (var t in times ?? [])
        {
            Unseen(s, t);
        }
    }

    private void Unseen(SeriesBars s, long ts)
    {
        Touch(s.Market, ts);
        insertUnseen.Text(SeriesKey.Series, s.Id).Integer(SeriesKey.Ts, ts).Run();
        s.HasUnseen = true;
    }

    // The index of the first key after `t` in ascending keys.
    private static int FirstAfter(IList<long> keys, long t)
    {
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (keys[mid] <= t)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private void DisposeUnseen()
    {
        unseenByOthers.Dispose();
        insertUnseen.Dispose();
        selectUnseen.Dispose();
        deleteUnseen.Dispose();
        marketTimesBetween.Dispose();
    }

    private enum UnseenKey
    {
        Market, Ts, Series,
    }

    private enum BetweenKey
    {
        Market, After, Before,
    }
}
