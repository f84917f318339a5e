namespace QuantowerRecorder.Analytics.Inputs;

/// <summary>Indices of fills in time order; equal times keep input order (the recorder's sequence).</summary>
internal static class TimeOrder
{
    public static int[] Of(IReadOnlyList<Fill> fills)
    {
        var order = new int[fills.Count];
        var sorted = true;
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            if (i > 0 && fills[i].TimeUtc < fills[i - 1].TimeUtc)
            {
                sorted = false;
            }
        }

        if (!sorted)
        {
            // Sorting by (time, index) makes the unstable Array.Sort stable.
            var keys = new (long Ticks, int Index)[order.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = (fills[i].TimeUtc.Ticks, i);
            }

            Array.Sort(keys);
            for (var i = 0; i < keys.Length; i++)
            {
                order[i] = keys[i].Index;
            }
        }

        return order;
    }
}
