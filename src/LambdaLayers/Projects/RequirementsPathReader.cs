using System.Text;
using System.Text.RegularExpressions;
using LambdaLayers.FileSystem;

namespace LambdaLayers.Projects;

/// <summary>
/// Finds the lines of a pip requirements file that install from the file system, read the way pip reads
/// them: backslash continuations joined, <c>#</c> comments dropped, per-requirement options (<c>--hash</c>)
/// split off. Local lines are <c>-e PATH</c> / <c>--editable PATH</c>, <c>NAME[extras] @ file:…</c>, a bare
/// <c>file:</c> URL, and a bare path (pip takes anything with a slash, a leading dot or an archive
/// extension for one). URLs of other schemes and nested <c>-r</c> files are not path dependencies.
/// </summary>
internal static partial class RequirementsPathReader
{
    public static IReadOnlyList<PathDependency> Read(string requirementsPath, string projectDirectory)
    {
        var fileName = Path.GetFileName(requirementsPath);
        var result = new List<PathDependency>();
        foreach (var (number, line) in LogicalLines(RegularFile.ReadAllText(requirementsPath).Split(["\r\n", "\n", "\r"], StringSplitOptions.None)))
        {
            if (Parse(line) is not { } local)
            {
                continue;
            }
            var (path, absolute) = LocalPath(local.Location);
            result.Add(new PathDependency
            {
                Name = local.Name,
                WrittenPath = local.Location,
                ResolvedPath = Path.GetFullPath(Path.Combine(projectDirectory, path)),
                DeclaredIn = $"{fileName} line {number}",
                Kind = PathDependency.KindOf(path),
                Editable = local.Editable,
                WrittenAbsolute = absolute,
            });
        }
        return result;
    }

    /// <summary>A local requirement: its location as written (path or <c>file:</c> URL), the name when given, and whether it was <c>-e</c>.</summary>
    internal sealed record LocalRequirement(string Location, string? Name, bool Editable);

    /// <summary>The local requirement on one logical line (comments already removed), or null.</summary>
    internal static LocalRequirement? Parse(string line)
    {
        line = line.Trim();
        var editable = EditableOption().Match(line);
        if (editable.Success)
        {
            var value = editable.Groups["value"].Value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            value = Unquote(value);
            var location = StripFragmentAndExtras(value, out var eggName);
            return IsLocal(location) ? new LocalRequirement(location, eggName, Editable: true) : null;
        }
        if (line.StartsWith('-'))
        {
            return null; // -r, -c, --index-url, --find-links, … are options, not requirements
        }
        // pip splits per-requirement options (--hash=…, --config-settings …) off at the first word that starts with '-'.
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var requirement = string.Join(' ', words.TakeWhile(w => !w.StartsWith('-')));

        var named = NamedUrl().Match(requirement);
        if (named.Success)
        {
            var url = named.Groups["url"].Value;
            return url.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
                ? new LocalRequirement(StripFragmentAndExtras(url, out _), named.Groups["name"].Value, Editable: false)
                : null;
        }
        // A bare URL keeps its marker after "; ", a bare path after ";" (pip's parse_req_from_line).
        var isUrl = requirement.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        var markerAt = requirement.IndexOf(isUrl ? "; " : ";", StringComparison.Ordinal);
        var target = (markerAt >= 0 ? requirement[..markerAt] : requirement).Trim();
        var bare = StripFragmentAndExtras(Unquote(target), out var name);
        return IsLocal(bare) ? new LocalRequirement(bare, name, Editable: false) : null;
    }

    /// <summary>The path a local location names (a <c>file:</c> URL decoded), and whether it is absolute.</summary>
    internal static (string Path, bool Absolute) LocalPath(string location)
    {
        if (!location.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return (location, Path.IsPathRooted(location));
        }
        var rest = location["file:".Length..];
        if (!rest.StartsWith("//", StringComparison.Ordinal))
        {
            // file:../mylib — pip and uv read the part after the scheme as a relative path.
            return (Uri.UnescapeDataString(rest), Path.IsPathRooted(rest));
        }
        var afterAuthority = rest[2..];
        var slash = afterAuthority.IndexOf('/');
        var path = slash < 0 ? "/" : afterAuthority[slash..];
        path = Uri.UnescapeDataString(path);
        if (OperatingSystem.IsWindows() && path.Length >= 3 && path[0] == '/' && path[2] == ':')
        {
            path = path[1..]; // file:///C:/x
        }
        return (path, true);
    }

    private static bool IsLocal(string location)
    {
        if (location.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (location.Length == 0 || location.Contains("://", StringComparison.Ordinal) || location.Contains("${", StringComparison.Ordinal))
        {
            return false;
        }
        // pip's _looks_like_path, plus archive file names it takes for paths.
        return location.Contains('/') || location.Contains('\\') || location.StartsWith('.') ||
               PathDependency.KindOf(location) != PathDependencyKind.Directory;
    }

    // "./x[extra]" and "file:../x#egg=name": pip reads extras off the end of a path and the name off an egg fragment.
    private static string StripFragmentAndExtras(string location, out string? eggName)
    {
        eggName = null;
        var hash = location.IndexOf('#');
        if (hash >= 0)
        {
            var egg = EggFragment().Match(location[hash..]);
            if (egg.Success)
            {
                eggName = egg.Groups["name"].Value;
            }
            location = location[..hash];
        }
        var extras = TrailingExtras().Match(location);
        return extras.Success ? extras.Groups["path"].Value : location;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;

    /// <summary>pip's reading of a file into logical lines: continuations joined, comments removed, blanks dropped; numbered by their first line.</summary>
    internal static IEnumerable<(int Number, string Line)> LogicalLines(IReadOnlyList<string> physical)
    {
        var current = new StringBuilder();
        var start = 0;
        for (var i = 0; i < physical.Count; i++)
        {
            var line = physical[i];
            if (current.Length == 0)
            {
                start = i + 1;
            }
            if (line.EndsWith('\\') && !CommentOnly().IsMatch(line))
            {
                current.Append(line, 0, line.Length - 1).Append(' ');
                continue;
            }
            current.Append(line);
            var text = Comment().Replace(current.ToString(), "").Trim();
            current.Clear();
            if (text.Length > 0)
            {
                yield return (start, text);
            }
        }
        if (current.Length > 0)
        {
            var text = Comment().Replace(current.ToString(), "").Trim();
            if (text.Length > 0)
            {
                yield return (start, text);
            }
        }
    }

    [GeneratedRegex(@"^(-e|--editable)(=|\s+|(?=[^\s=]))(?<value>.*)$")]
    private static partial Regex EditableOption();

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*@\s*(?<url>\S+)")]
    private static partial Regex NamedUrl();

    [GeneratedRegex(@"[#&]egg=(?<name>[A-Za-z0-9][A-Za-z0-9._-]*)")]
    private static partial Regex EggFragment();

    [GeneratedRegex(@"^(?<path>.+)\[[^\]]+\]$")]
    private static partial Regex TrailingExtras();

    [GeneratedRegex(@"(^|\s+)#.*$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"^\s*#")]
    private static partial Regex CommentOnly();
}
