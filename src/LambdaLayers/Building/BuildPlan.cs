using LambdaLayers.Settings;

namespace LambdaLayers.Building;

/// <summary>
/// What a tool strategy decided: the files to copy into <c>repo/</c> and the ordered commands that leave
/// the installed packages in <see cref="SitePackagesDirectory"/>. Strategies only plan; executors run.
/// </summary>
public sealed record BuildPlan(ToolKind Tool, IReadOnlyList<PlanFile> Files, IReadOnlyList<PlanCommand> Commands)
{
    /// <summary>
    /// Where the installed packages end up, in the execution environment's paths. For pip and uv this is
    /// <c>artifacts/python</c> itself; for Poetry it is the venv's site-packages, copied over afterwards.
    /// </summary>
    public required string SitePackagesDirectory { get; init; }

    /// <summary>Tools that must be on PATH in the execution environment ("poetry", "uv").</summary>
    public IReadOnlyList<string> RequiredTools { get; init; } = [];
}
