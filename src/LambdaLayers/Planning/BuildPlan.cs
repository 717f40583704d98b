using LambdaLayers.Settings;

namespace LambdaLayers.Planning;

/// <summary>
/// What a tool strategy decided: the files to copy into <c>repo/</c> and the ordered commands that leave
/// the installed packages in <c>artifacts/python</c>. Strategies only plan; executors run.
/// </summary>
public sealed record BuildPlan(ToolKind Tool, IReadOnlyList<PlanFile> Files, IReadOnlyList<PlanCommand> Commands)
{
    /// <summary>
    /// <c>artifacts/python</c> in the execution environment's paths: the plan's final output. Every plan's
    /// commands leave the packages there (Poetry's last command copies its venv's site-packages over), so
    /// executors never copy anything themselves.
    /// </summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Tools that must be on PATH in the execution environment ("poetry", "uv").</summary>
    public IReadOnlyList<string> RequiredTools { get; init; } = [];

    /// <summary>The private index the plan installs from, for error messages: its name.</summary>
    public string? IndexName { get; init; }

    /// <summary>The private index's URL without credentials, for error messages.</summary>
    public string? IndexDisplayUrl { get; init; }

    /// <summary>The build mode the plan was made for (decides how a missing wheel is explained).</summary>
    public BuildMode Mode { get; init; } = BuildMode.Local;

    /// <summary>"python3.12 on x86_64" — the target, for error messages.</summary>
    public string TargetDescription { get; init; } = "";
}
