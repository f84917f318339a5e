namespace QuantowerRecorder.Storage.Writing;

/// <summary>The events someone waits to be settled, as the highest count among those waiting (flushes, jobs).</summary>
internal static class Targets
{
    /// <summary>Raises <paramref name="target"/> to <paramref name="value"/> unless it is already as high, from any thread.</summary>
    public static void Raise(ref long target, long value)
    {
        for (var seen = Interlocked.Read(ref target); seen < value;)
        {
            var was = Interlocked.CompareExchange(ref target, value, seen);
            seen = was == seen ? value : was;
        }
    }
}
