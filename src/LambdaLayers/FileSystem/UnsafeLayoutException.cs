namespace LambdaLayers.FileSystem;

/// <summary>The layer build folder would be the project root, a parent of it, or outside it.</summary>
public sealed class UnsafeLayoutException(string buildDirectory, string projectDirectory)
    : LayerException(
        $"Refusing to clean the layer build folder '{buildDirectory}': it must lie inside the project folder " +
        $"'{projectDirectory}' (and not be the project folder itself). Point the build folder at a folder " +
        "under the project, such as build/lambda/layer.")
{
    public string BuildDirectory { get; } = buildDirectory;
}
