namespace LambdaLayers.Execution.Containers;

/// <summary>What a short docker command printed and how it exited.</summary>
internal sealed record DockerResult(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Errors)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The most telling line: the last non-empty error line, else the last output line.</summary>
    public string Summary =>
        Errors.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ??
        Output.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? $"exit code {ExitCode}";
}
