namespace LambdaLayers.Execution.Containers;

/// <summary>The build script inside the container exited with an error.</summary>
public sealed class ContainerScriptFailedException : LayerException
{
    public ContainerScriptFailedException(string image, int exitCode, string? failedStep, IReadOnlyList<string> lastLines)
        : base(Describe(image, exitCode, failedStep, lastLines))
    {
        ExitCode = exitCode;
        FailedStep = failedStep;
        LastLines = lastLines;
    }

    public int ExitCode { get; }

    /// <summary>The last "step i/n: title" the script announced, or null if it failed before any step.</summary>
    public string? FailedStep { get; }

    /// <summary>The last output lines, secrets masked.</summary>
    public IReadOnlyList<string> LastLines { get; }

    private static string Describe(string image, int exitCode, string? failedStep, IReadOnlyList<string> lastLines)
    {
        var where = failedStep is null ? "before its first step" : $"in step {failedStep}";
        var tail = lastLines.Count == 0 ? " It printed nothing." : " Last output:\n  " + string.Join("\n  ", lastLines);
        return $"The container build in '{image}' failed {where} with exit code {exitCode}.{tail}";
    }
}
