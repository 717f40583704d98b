using LambdaLayers.Settings;

namespace LambdaLayers.Planning;

/// <summary>
/// Where a plan will run, as strategies need to know it: the project folder as seen there (the host path,
/// or <c>/var/task</c> in a container), the Python interpreter to call, and the build folder inside it.
/// </summary>
public sealed record ExecutionEnvironment(string ProjectDirectory, string BuildDirectory, string PythonCommand, bool IsContainer)
{
    /// <summary>Where the project is mounted inside the build container.</summary>
    public const string ContainerProjectDirectory = "/var/task";

    /// <summary>
    /// What the host found out about the build tool before planning (its version, whether Poetry has
    /// <c>export</c>); null when it was not probed, in which case strategies assume a current release.
    /// </summary>
    public InstalledTool? Tool { get; init; }

    /// <summary>For a container build, what the container executor needs besides the commands; null on the host.</summary>
    public ContainerRun? Container { get; init; }

    /// <summary>Joins path segments with '/' inside a container and the host separator on the host.</summary>
    public string Path(params string[] segments) =>
        IsContainer ? string.Join('/', segments).Replace("//", "/") : System.IO.Path.Combine(segments);

    /// <summary><c>repo/</c> in this environment's paths.</summary>
    public string RepoDirectory => Path(BuildDirectory, "repo");

    /// <summary><c>artifacts/python</c> in this environment's paths.</summary>
    public string PythonArtifactsDirectory => Path(BuildDirectory, "artifacts", "python");

    /// <summary>
    /// The environment of a container build: the project mounted at <c>/var/task</c>, the build folder at the
    /// same place relative to it as on the host, and the image's <c>python3</c>; its <see cref="Container"/>
    /// part names the image, platform, mounts and extra docker arguments.
    /// </summary>
    public static ExecutionEnvironment ForContainer(LayerSettings settings, InstalledTool? tool = null)
    {
        var layout = settings.Layout;
        var relative = System.IO.Path.GetRelativePath(layout.ProjectDirectory, layout.BuildDirectory).Replace('\\', '/');
        return new ExecutionEnvironment(ContainerProjectDirectory, $"{ContainerProjectDirectory}/{relative}", "python3", IsContainer: true)
        {
            Tool = tool,
            Container = ContainerRun.For(settings),
        };
    }

    /// <summary>The environment of a host build with the given interpreter.</summary>
    public static ExecutionEnvironment ForHost(LayerSettings settings, string pythonCommand, InstalledTool? tool = null) =>
        new(settings.Layout.ProjectDirectory, settings.Layout.BuildDirectory, pythonCommand, IsContainer: false) { Tool = tool };
}
