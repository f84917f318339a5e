namespace TradingPlatform.BusinessLayer;

/// <summary>Identifies a script type; derived from the strategy's Name. No public members are mirrored.</summary>
public struct ScriptKey
{
    internal ScriptKey(string value)
    {
        this.Value = value;
    }

    internal string Value { get; }
}
