namespace QuantowerRecorder.Cli;

/// <summary>The process exit codes, documented in docs/cli.md so scripts can branch on them.</summary>
internal static class ExitCodes
{
    /// <summary>Done, and (for verify/replay) healthy.</summary>
    public const int Ok = 0;

    /// <summary>The command ran but found a problem: unhealthy file, replay differences, skipped import lines.</summary>
    public const int ProblemFound = 1;

    /// <summary>The command line or its values are wrong (unknown run id, bad date, missing argument).</summary>
    public const int Usage = 2;

    /// <summary>The database cannot be used: missing, not a recorder file, newer schema, locked.</summary>
    public const int Database = 3;

    /// <summary>A bug: something nobody planned for went wrong.</summary>
    public const int Internal = 70;
}
