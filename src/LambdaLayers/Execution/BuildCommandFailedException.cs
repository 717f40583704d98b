namespace LambdaLayers.Execution;

/// <summary>
/// A build command exited non-zero. The message says which command failed (secrets masked), its exit code,
/// what the output means when it is recognised (<see cref="Kind"/>) and its last lines.
/// </summary>
public sealed class BuildCommandFailedException(
    string message, string command, int exitCode, IReadOnlyList<string> lastLines, BuildFailureKind kind, string? distribution = null)
    : LayerException(message)
{
    /// <summary>The command line with secrets masked.</summary>
    public string Command { get; } = command;

    public int ExitCode { get; } = exitCode;

    /// <summary>The last lines the command printed (masked).</summary>
    public IReadOnlyList<string> LastLines { get; } = lastLines;

    public BuildFailureKind Kind { get; } = kind;

    /// <summary>For <see cref="BuildFailureKind.NoCompatibleDistribution"/>: the distribution named by the tool.</summary>
    public string? Distribution { get; } = distribution;
}
