namespace QuantowerRecorder.Analytics.Inputs;

/// <summary>Indices of fills in time order; equal times keep input order (the recorder's sequence).</summary>
internal static class TimeOrder
{
    public static int[] Of(IReadOnlyList<Fill> fills)
    {
        var order = Enumerable.Range(0, fills.Count).ToArray();
        for (var i = 1; i < fills.Count; i++)
        {
            if (fills[i].TimeUtc < fills[i - 1].TimeUtc)
            {
                // OrderBy is stable: equal times keep their indices' order.
                return order.OrderBy(j => fills[j].TimeUtc).ToArray();
            }
        }

        return order;
    }
}
