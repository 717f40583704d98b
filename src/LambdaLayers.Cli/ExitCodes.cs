namespace LambdaLayers.Cli;

/// <summary>The CLI's exit codes, which scripts rely on.</summary>
public static class ExitCodes
{
    /// <summary>Done, or nothing to do because nothing changed.</summary>
    public const int Success = 0;

    /// <summary>A stage failed.</summary>
    public const int Failed = 1;

    /// <summary>The command line or a setting is wrong.</summary>
    public const int Usage = 2;
}
