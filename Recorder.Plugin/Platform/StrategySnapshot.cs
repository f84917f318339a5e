using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Platform;

/// <summary>
/// What identifies a strategy's parameter set: its name, version and input-parameter values, plus the symbol, account
/// and timeframe found among them. Read from <see cref="Strategy.Settings"/>, the only public view of its inputs.
/// </summary>
internal sealed record StrategySnapshot(
    string Name,
    string? Version,
    string? InstanceName,
    IReadOnlyList<KeyValuePair<string, object?>> Parameters,
    Symbol? Symbol,
    Account? Account,
    Period? Period)
{
    // Items the platform adds to every strategy's settings: not input parameters.
    private static readonly HashSet<string> PlatformItems = new(StringComparer.Ordinal) { "instanceName", "ScriptKey" };

    public static StrategySnapshot Of(Strategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var parameters = new List<KeyValuePair<string, object?>>();
        Symbol? symbol = null;
        Account? account = null;
        Period? period = null;
        foreach (var item in strategy.Settings ?? [])
        {
            if (item?.Name is null || PlatformItems.Contains(item.Name))
            {
                continue;
            }

            var value = item.Value;
            switch (value)
            {
                case Symbol s:
                    symbol ??= s;
                    break;
                case Account a:
                    // Where the strategy trades, not how: not one of the instance's parameters (Definitions).
                    account ??= a;
                    continue;
                case Period p when p.PeriodMultiplier > 0:
                    period ??= p;
                    break;
            }

            parameters.Add(new(item.Name, Formats.SettingValue(value)));
        }

        var name = string.IsNullOrWhiteSpace(strategy.Name) ? strategy.GetType().Name : strategy.Name;
        return new StrategySnapshot(name, strategy.Version?.ToString(), strategy.InstanceName, parameters, symbol, account, period);
    }
}
