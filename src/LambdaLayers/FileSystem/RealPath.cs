namespace LambdaLayers.FileSystem;

/// <summary>Resolves every symbolic link along a path (what realpath(3) does), in managed code.</summary>
internal static class RealPath
{
    private const int MaxLinks = 40; // Linux's own limit (MAXSYMLINKS)

    public static string Resolve(string path)
    {
        var links = 0;
        return Resolve(Path.GetFullPath(path), ref links);
    }

    public static bool IsInside(string path, string folder)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
            ? StringComparison.OrdinalIgnoreCase
            : StringComparison.Ordinal;
        var trimmed = Path.TrimEndingDirectorySeparator(folder);
        return string.Equals(path, trimmed, comparison) ||
               path.StartsWith(trimmed + Path.DirectorySeparatorChar, comparison);
    }

    private static string Resolve(string full, ref int links)
    {
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks)
            {
                throw new LayerException($"Too many levels of symbolic links while resolving '{full}'. Remove the link loop.");
            }
            current = Resolve(Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target)), ref links);
        }
        return current;
    }
}
