using LambdaLayers.FileSystem;

namespace LambdaLayers.Projects;

/// <summary>
/// Which files of a path dependency a layer build sees: the one rule of <see cref="ProjectSourceFiles"/> (version
/// control, caches, virtual environments, egg-info, stray bytecode, top-level build output), with this layer's build
/// and scratch folders left out when they lie inside the dependency (a dependency that contains the project). The
/// fingerprint's hash and the copy the build works from both use it, so a skipped build is a build of the same files.
/// </summary>
public static class PathDependencyFiles
{
    public static IReadOnlyList<string> AnywhereNames => ProjectSourceFiles.AnywhereNames;

    public static IReadOnlyList<string> AnywhereSuffixes => ProjectSourceFiles.AnywhereSuffixes;

    public static IReadOnlyList<string> TopLevelNames => ProjectSourceFiles.TopLevelNames;

    /// <summary>Paths relative to <paramref name="root"/> ('/' separators) of this layer's build folders inside it.</summary>
    public static IReadOnlyList<string> ExcludedPaths(string root, LayerLayout layout) =>
        ProjectSourceFiles.ExcludedPaths(root, BuildFolders(layout));

    /// <summary>The content hash of a path dependency as the build sees it (a folder's files, or a wheel's bytes).</summary>
    public static string Hash(PathDependency dependency, LayerLayout layout) =>
        ProjectSourceFiles.Hash(dependency.ResolvedPath, BuildFolders(layout));

    /// <summary>The relative paths the build sees in <paramref name="folder"/>, in the order <see cref="DirectoryHash"/> walks.</summary>
    public static IEnumerable<string> Entries(string folder, LayerLayout layout)
    {
        var excluded = ExcludedPaths(folder, layout);
        return DirectoryHash.SortedEntries(RealPath.Resolve(folder),
            (relative, _) => ProjectSourceFiles.IsExcluded(relative, excluded)).Select(e => e.Relative);
    }

    private static string[] BuildFolders(LayerLayout layout) => [layout.BuildDirectory, layout.ScratchDirectory];
}
