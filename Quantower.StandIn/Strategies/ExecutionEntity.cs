namespace TradingPlatform.BusinessLayer;

public abstract class ExecutionEntity : IDisposable, ICustomizable
{
    internal const string ScriptKeyItemName = "ScriptKey";

    private bool disposed;

    protected ExecutionEntity()
    {
    }

    public event Action<ExecutionEntity> OnDispose;

    public string Name { get; protected set; }

    public string Description { get; protected set; }

    public ScriptKey Key { get; internal set; }

    /// <summary>Taken from the plugin assembly; may be null.</summary>
    public Version Version => this.GetType().Assembly.GetName().Version;

    /// <summary>The input parameters (group "Input parameters") and a hidden "ScriptKey" item.</summary>
    public virtual IList<SettingItem> Settings
    {
        get
        {
            var items = InputParameters.Read(this, Core.Loggers);
            items.Add(new ValueSettingItem(ScriptKeyItemName, this.Key.Value, typeof(string)) { Hidden = true, GroupName = InputParameters.Group });
            return items;
        }

        set
        {
            if (InputParameters.Apply(this, value, Core.Loggers))
            {
                this.OnSettingsUpdated();
            }
        }
    }

    /// <summary>Returns <see cref="BusinessLayer.Core.Instance"/>.</summary>
    protected static Core Core => BusinessLayer.Core.Instance;

    internal bool IsDisposed => this.disposed;

    public virtual void Dispose()
    {
        if (this.disposed)
        {
            return;
        }

        this.disposed = true;
        this.OnDispose?.Invoke(this);
        GC.SuppressFinalize(this);
    }

    /// <summary>Called by the Settings setter only when at least one input-parameter value was applied.</summary>
    protected virtual void OnSettingsUpdated()
    {
    }

    protected void CheckDisposed() => ObjectDisposedException.ThrowIf(this.disposed, this);
}
