using LambdaLayers.Settings;

namespace LambdaLayers.Planning;

/// <summary>
/// What a tool strategy decided: the files to copy into <c>repo/</c>, the ordered commands that leave the
/// installed packages in <c>artifacts/python</c>, and everything an executor needs to run them — the index
/// (for the direct look at it after a failure), the container part for a container build, the tool found on
/// the host, the time limit. Strategies only plan; executors run the plan and read nothing else.
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

    /// <summary>
    /// The private index the plan installs from, credentials included (a secret, like the commands'
    /// secret variables): a failure that only says "nothing found" is checked by asking the index directly.
    /// </summary>
    public PackageIndex? Index { get; init; }

    /// <summary>The private index's name, for error messages.</summary>
    public string? IndexName => Index?.Name;

    /// <summary>The private index's URL without credentials, for error messages.</summary>
    public string? IndexDisplayUrl => Index is null ? null : PlanInputs.DisplayUrl(Index.Url);

    /// <summary>The build mode the plan was made for (decides how a missing wheel is explained).</summary>
    public BuildMode Mode { get; init; } = BuildMode.Local;

    /// <summary>"python3.12 on x86_64" — the target, for error messages.</summary>
    public string TargetDescription { get; init; } = "";

    /// <summary>For a plan made for <see cref="ExecutionEnvironment.ForContainer"/>: image, platform, mounts, docker arguments. Null for the host.</summary>
    public ContainerRun? Container { get; init; }

    /// <summary>The build tool as found on the host; a container whose image lacks it installs this version.</summary>
    public InstalledTool? HostTool { get; init; }

    /// <summary>
    /// How long all commands together may run before they are stopped with their child processes and the
    /// build fails saying so; null for no limit.
    /// </summary>
    public TimeSpan? TimeLimit { get; init; }
}
