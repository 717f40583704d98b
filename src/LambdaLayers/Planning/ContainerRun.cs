using LambdaLayers.FileSystem;
using LambdaLayers.Settings;

namespace LambdaLayers.Planning;

/// <summary>
/// What a container build needs besides its commands, decided while planning so the container executor
/// reads nothing but the plan: the image and the platform it runs for, the host folders it mounts (the
/// project at <c>/var/task</c>, the optional cache), where the script waits outside the build folder, and
/// the extra <c>docker run</c> arguments, already split into words.
/// </summary>
public sealed record ContainerRun
{
    /// <summary>The build image (the runtime's SAM build image unless --image names another).</summary>
    public required string Image { get; init; }

    /// <summary>The target architecture; the container runs for its <see cref="Platform"/>.</summary>
    public required LambdaArchitecture Architecture { get; init; }

    /// <summary><c>linux/amd64</c> or <c>linux/arm64</c>.</summary>
    public string Platform => Architecture.DockerPlatform;

    /// <summary>The host side: the project folder (mounted at <c>/var/task</c>), the build folder inside it and the scratch folder beside it.</summary>
    public required LayerLayout Layout { get; init; }

    /// <summary>The host folder mounted as the pip/uv/Poetry cache (full path), or null.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// Further bind mounts: the path dependencies that lie outside the project, read-only, where the plan's
    /// commands read them (the strategies add these; <see cref="For"/> leaves the list empty).
    /// </summary>
    public IReadOnlyList<ContainerMount> Mounts { get; init; } = [];

    /// <summary>Extra <c>docker run</c> arguments, each given value split like a shell would (<see cref="ShellWords"/>).</summary>
    public IReadOnlyList<string> DockerArguments { get; init; } = [];

    /// <summary>The container part of a plan for <paramref name="settings"/>; refuses extra docker arguments a shell could not split.</summary>
    public static ContainerRun For(LayerSettings settings) => new()
    {
        Image = settings.EffectiveImage,
        Architecture = settings.Architecture,
        Layout = settings.Layout,
        CacheDirectory = settings.ContainerCacheDirectory is { } cache ? Path.GetFullPath(cache) : null,
        DockerArguments = SplitDockerArguments(settings.DockerArguments),
    };

    private static IReadOnlyList<string> SplitDockerArguments(IEnumerable<string> values)
    {
        var words = new List<string>();
        foreach (var value in values)
        {
            try
            {
                words.AddRange(ShellWords.Split(value));
            }
            catch (FormatException e)
            {
                throw new BuildInputException("docker-args",
                    $"The --docker-args value '{value}' cannot be split into arguments: {e.Message}. Quote it as in a shell, " +
                    "for example --docker-args \"--label 'team=data eng'\".");
            }
        }
        return words;
    }
}
