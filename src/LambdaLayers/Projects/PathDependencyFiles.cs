using System.Security.Cryptography;
using LambdaLayers.FileSystem;

namespace LambdaLayers.Projects;

/// <summary>
/// Which files of a path dependency a build sees — the same rule for the fingerprint's hash and for the copy
/// the build works from, so a skipped build is always a build of the same files. Left out: version-control
/// folders, caches and virtual environments anywhere in the tree (<see cref="AnywhereNames"/>), egg-info
/// folders and stray bytecode (<see cref="AnywhereSuffixes"/>), the build output folders at its top
/// (<see cref="TopLevelNames"/>, where setuptools and build frontends write them; deeper down a folder named
/// <c>build</c> may well be a package), and the layer's own build folder when it lies inside.
/// </summary>
public static class PathDependencyFiles
{
    public static readonly IReadOnlyList<string> AnywhereNames =
        [".git", ".hg", ".svn", "__pycache__", ".venv", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache"];

    public static readonly IReadOnlyList<string> AnywhereSuffixes = [".egg-info", ".pyc"];

    public static readonly IReadOnlyList<string> TopLevelNames = ["build", "dist", "venv"];

    /// <summary>
    /// Paths, relative to <paramref name="root"/> ('/' separators), of this layer's build folders when they lie
    /// inside it (a dependency that contains the project), so the build never copies or hashes its own output.
    /// </summary>
    public static IReadOnlyList<string> ExcludedPaths(string root, LayerLayout layout)
    {
        var realRoot = RealPath.Resolve(root);
        return new[] { layout.BuildDirectory, layout.ScratchDirectory }
            .Select(RealPath.Resolve)
            .Where(folder => RealPath.IsInside(folder, realRoot) && folder != realRoot)
            .Select(folder => Path.GetRelativePath(realRoot, folder).Replace('\\', '/'))
            .ToArray();
    }

    /// <summary>True when the entry at <paramref name="relative"/> ('/' separators) is left out, with everything under it.</summary>
    public static bool IsExcluded(string relative, IReadOnlyCollection<string> excludedPaths)
    {
        var slash = relative.LastIndexOf('/');
        var name = slash < 0 ? relative : relative[(slash + 1)..];
        return AnywhereNames.Contains(name, StringComparer.Ordinal) ||
               AnywhereSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal)) ||
               (slash < 0 && TopLevelNames.Contains(name, StringComparer.Ordinal)) ||
               excludedPaths.Contains(relative, StringComparer.Ordinal);
    }

    /// <summary>
    /// The content hash of a path dependency as the build sees it: <see cref="DirectoryHash"/> of the folder
    /// (links resolved to find it) minus what <see cref="IsExcluded"/> leaves out, or the SHA-256 of a wheel's
    /// or source archive's bytes.
    /// </summary>
    public static string Hash(PathDependency dependency, LayerLayout layout)
    {
        var path = RealPath.Resolve(dependency.ResolvedPath);
        if (File.Exists(path))
        {
            using var stream = RegularFile.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        var excluded = ExcludedPaths(path, layout);
        return DirectoryHash.Compute(path, (relative, _) => IsExcluded(relative, excluded));
    }

    /// <summary>The entries a build of the folder sees (for the native-code scan), relative paths with '/'.</summary>
    public static IEnumerable<string> Entries(string folder, LayerLayout layout)
    {
        var excluded = ExcludedPaths(folder, layout);
        return DirectoryHash.SortedEntries(RealPath.Resolve(folder), (relative, _) => IsExcluded(relative, excluded)).Select(e => e.Relative);
    }
}
