using LambdaLayers.Settings;

namespace LambdaLayers.Planning;

/// <summary>Checks and small facts the strategies share.</summary>
internal static class PlanInputs
{
    /// <summary>
    /// Inherited variables that would silently change what a tool installs: the machine's pip config
    /// (PIP_FIND_LINKS, PIP_INDEX_URL…), an active virtualenv (Poetry would install into it), and uv
    /// switches that clash with the flags the plan passes (UV_LOCKED with --frozen, UV_COMPILE_BYTECODE
    /// with --no-compile-bytecode: uv exits 2 on such pairs).
    /// </summary>
    public static readonly IReadOnlyList<string> ForeignToolVariables =
        ["PIP_", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONPATH", "UV_LOCKED", "UV_FROZEN", "UV_COMPILE_BYTECODE", "UV_PYTHON", "UV_NO_BINARY", "UV_NO_BUILD"];

    /// <summary>
    /// A strategy's plan, with what its executor needs besides the commands filled in the same way for every
    /// tool: the index, the mode and target (for error messages), the container part and the host's tool
    /// from <paramref name="environment"/>. The output is always <c>artifacts/python</c>.
    /// </summary>
    public static BuildPlan Plan(LayerSettings settings, ExecutionEnvironment environment, IReadOnlyList<PlanFile> files,
        IReadOnlyList<PlanCommand> commands, IReadOnlyList<string> requiredTools) =>
        new(settings.Tool, files, commands)
        {
            OutputDirectory = environment.PythonArtifactsDirectory,
            RequiredTools = requiredTools,
            Index = settings.Index,
            Mode = settings.Mode,
            TargetDescription = TargetDescription(settings),
            Container = environment.Container,
            HostTool = environment.Tool,
        };

    public static string TargetDescription(LayerSettings settings) =>
        $"{settings.Runtime.Name} on {settings.Architecture.Name} (glibc 2.{settings.Runtime.GlibcMinor})";

    /// <summary>The URL without user info, safe to show.</summary>
    public static string DisplayUrl(Uri url) => new UriBuilder(url) { UserName = "", Password = "" }.Uri.ToString();

    /// <summary>The index URL with <c>user:password@</c> embedded (percent-encoded), for pip.</summary>
    public static string UrlWithCredentials(PackageIndex index)
    {
        if (!index.HasCredentials)
        {
            return index.Url.ToString();
        }
        return new UriBuilder(index.Url)
        {
            UserName = Uri.EscapeDataString(index.Username ?? ""),
            Password = Uri.EscapeDataString(index.Password ?? ""),
        }.Uri.ToString();
    }
}
