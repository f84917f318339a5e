namespace QuantowerRecorder.Storage.Queries;

/// <summary>Reads strategies and their instances.</summary>
public interface ICatalogReader
{
    /// <summary>Every strategy, by name, version and id.</summary>
    IReadOnlyList<StrategySummary> Strategies();

    /// <summary>
    /// Instances of every strategy, or of those whose name contains <paramref name="strategy"/> (ignoring ASCII case)
    /// or whose id starts with it; by strategy name, instance name and id.
    /// </summary>
    IReadOnlyList<InstanceSummary> Instances(string? strategy = null);

    /// <summary>One instance, or null.</summary>
    InstanceSummary? Instance(string instanceId);
}
