using System.Security.Cryptography;
using LambdaLayers.FileSystem;

namespace LambdaLayers.Projects;

/// <summary>
/// Which files of a project (or of a path dependency) the function build sees — one rule for the fingerprint's hash
/// and for the copy the build backend works in, so a build that skips is always a build of the same files. Left out:
/// version-control folders, caches and virtual environments anywhere (<see cref="AnywhereNames"/>), egg-info folders
/// and stray bytecode (<see cref="AnywhereSuffixes"/>), the build output folders at the top
/// (<see cref="TopLevelNames"/>: setuptools and build frontends write there; deeper down a folder named
/// <c>build</c> may be a package), and this tool's own build folders wherever they lie inside.
/// </summary>
public static class ProjectSourceFiles
{
    public static readonly IReadOnlyList<string> AnywhereNames =
        [".git", ".hg", ".svn", "__pycache__", ".venv", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache"];

    public static readonly IReadOnlyList<string> AnywhereSuffixes = [".egg-info", ".pyc"];

    public static readonly IReadOnlyList<string> TopLevelNames = ["build", "dist", "venv"];

    /// <summary>
    /// Paths relative to <paramref name="root"/> ('/' separators) of the given build folders that lie inside it,
    /// so the build never copies or hashes its own output.
    /// </summary>
    public static IReadOnlyList<string> ExcludedPaths(string root, IEnumerable<string> buildFolders)
    {
        var realRoot = RealPath.Resolve(root);
        return buildFolders
            .Select(RealPath.Resolve)
            .Where(folder => RealPath.IsInside(folder, realRoot) && folder != realRoot)
            .Select(folder => Path.GetRelativePath(realRoot, folder).Replace('\\', '/'))
            .Distinct(StringComparer.Ordinal)
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
    /// The content hash of a folder as the build sees it (<see cref="DirectoryHash"/> minus what <see cref="IsExcluded"/>
    /// leaves out), or the SHA-256 of a file's bytes (a wheel or source archive).
    /// </summary>
    public static string Hash(string path, IEnumerable<string> buildFolders)
    {
        var real = RealPath.Resolve(path);
        if (File.Exists(real))
        {
            using var stream = RegularFile.OpenRead(real);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        var excluded = ExcludedPaths(real, buildFolders);
        return DirectoryHash.Compute(real, (relative, _) => IsExcluded(relative, excluded));
    }

    /// <summary>The regular files of a folder the build sees, as (absolute source, relative path with '/'), links followed.</summary>
    public static IEnumerable<(string Source, string Relative)> Files(string folder, IEnumerable<string> buildFolders)
    {
        var real = RealPath.Resolve(folder);
        var excluded = ExcludedPaths(real, buildFolders);
        foreach (var (info, relative) in DirectoryHash.SortedEntries(real, (relative, _) => IsExcluded(relative, excluded)))
        {
            if (info is FileInfo && (DirectoryHash.LinkTargetOf(info) is null || File.Exists(info.FullName)))
            {
                yield return (info.FullName, relative);
            }
        }
    }
}
