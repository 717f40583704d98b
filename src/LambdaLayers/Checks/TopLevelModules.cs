using System.Text.RegularExpressions;
using LambdaLayers.Packaging;

namespace LambdaLayers.Checks;

/// <summary>
/// The top-level modules a distribution ships, as the smoke test imports them: the names in its
/// <c>top_level.txt</c> (setuptools writes it), else the top-level entries its RECORD lists (folders and
/// module files, not dist-info, data or script folders), in both cases only names that are importable
/// identifiers and actually present in the layer.
/// </summary>
public static partial class TopLevelModules
{
    // Top-level folders of an installed tree that are never packages.
    private static readonly IReadOnlySet<string> NotPackages = new HashSet<string>(StringComparer.Ordinal) { "bin", "__pycache__" };

    /// <summary>The importable top-level names present among <paramref name="relativePaths"/> (paths inside the layer tree).</summary>
    public static IReadOnlySet<string> Present(IEnumerable<string> relativePaths)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in relativePaths)
        {
            if (TopLevelName(path) is { } name)
            {
                names.Add(name);
            }
        }
        return names;
    }

    /// <summary>The distribution's top-level modules that are in <paramref name="present"/>, sorted.</summary>
    public static IReadOnlyList<string> Of(InstalledDistribution distribution, string pythonDirectory, IReadOnlySet<string> present)
    {
        var topLevelFile = Path.Combine(pythonDirectory, distribution.DistInfoFolder, "top_level.txt");
        IEnumerable<string> candidates = File.Exists(topLevelFile)
            ? File.ReadLines(topLevelFile).Select(line => line.Trim().Replace('\\', '/').Split('/')[0])
            : distribution.RecordedFiles.Select(TopLevelName).OfType<string>();
        return candidates
            .Where(name => Identifier().IsMatch(name) && present.Contains(name))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    // "pkg/sub/mod.py" → "pkg"; "mod.py", "mod.cpython-312-x86_64-linux-gnu.so", "mod.abi3.so" → "mod".
    private static string? TopLevelName(string relativePath)
    {
        var slash = relativePath.IndexOf('/');
        if (slash > 0)
        {
            var folder = relativePath[..slash];
            return folder.EndsWith(".dist-info", StringComparison.Ordinal) || folder.EndsWith(".data", StringComparison.Ordinal) ||
                   folder.EndsWith(".egg-info", StringComparison.Ordinal) || NotPackages.Contains(folder)
                ? null
                : folder;
        }
        if (slash == 0)
        {
            return null;
        }
        var dot = relativePath.IndexOf('.');
        if (dot <= 0)
        {
            return null;
        }
        var extension = relativePath[relativePath.LastIndexOf('.')..];
        return extension is ".py" or ".so" or ".pyc" ? relativePath[..dot] : null;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
