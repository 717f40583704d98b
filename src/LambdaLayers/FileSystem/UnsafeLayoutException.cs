namespace LambdaLayers.FileSystem;

/// <summary>The layer build folder would be the project root, a parent of it, or outside it (after resolving links).</summary>
public sealed class UnsafeLayoutException(string buildDirectory, string projectDirectory, string? resolvedBuildDirectory = null, string? origin = null)
    : LayerException(
        $"Refusing to use '{buildDirectory}' as the layer build folder" +
        (origin is null ? "" : $" (build-dir, from {origin})") +
        (resolvedBuildDirectory is null ? "" : $", which leads to '{resolvedBuildDirectory}' through a symbolic link") +
        $": it is wiped before every build, so it must lie inside the project folder '{projectDirectory}' " +
        "(and not be the project folder itself). Point the build folder at a folder under the project, such as build/lambda/layer.")
{
    public string BuildDirectory { get; } = buildDirectory;
}
