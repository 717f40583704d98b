namespace LambdaLayers.Execution.Containers;

/// <summary>
/// A tool the plan needs ("poetry", "uv") and the version to install inside the container when the image
/// does not have it: the host's version, so a container build resolves the lock file the way the host
/// would. A null version installs the newest the image's index offers (the host has no such tool).
/// </summary>
public sealed record ToolInstallation(string Tool, string? Version)
{
    /// <summary>The pip requirement that installs it: <c>poetry==1.3.2</c>, or just <c>poetry</c>.</summary>
    public string Requirement => Version is null ? Tool : $"{Tool}=={Version}";
}
