namespace QuantowerRecorder.Storage.PostgreSql;

/// <summary>The team database or a source file cannot be used; the message says why and what to do (never a password).</summary>
public sealed class TeamStoreException : Exception
{
    public TeamStoreException(string message)
        : base(message)
    {
    }

    public TeamStoreException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
