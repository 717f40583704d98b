using System.Text;
using System.Text.RegularExpressions;
using LambdaLayers.FileSystem;

namespace LambdaLayers.Packaging;

/// <summary>
/// Reads the <c>*.dist-info</c> folders at the top of a site-packages tree (PEP 376/627, core metadata):
/// <c>METADATA</c> for Name, Version and Requires-Dist, <c>RECORD</c> for the installed files, and
/// <c>entry_points.txt</c> for console and GUI scripts.
/// </summary>
public static partial class DistributionScanner
{
    public static IReadOnlyList<InstalledDistribution> Scan(string siteDirectory)
    {
        if (!Directory.Exists(siteDirectory))
        {
            return [];
        }
        return Directory.EnumerateDirectories(siteDirectory, "*.dist-info")
            .Select(folder => ReadReadable(siteDirectory, folder))
            .OrderBy(d => d.NormalizedName, StringComparer.Ordinal)
            .ToList();
    }

    // The layer tree walk has refused FIFOs and devices before this runs; what can still fail is permission or I/O.
    private static InstalledDistribution ReadReadable(string siteDirectory, string distInfoFolder)
    {
        try
        {
            return Read(siteDirectory, distInfoFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw RegularFile.Unreadable(distInfoFolder, e,
                "Make sure this user may read every file under the build folder, or delete that folder so BuildLayer recreates it, then run again.");
        }
    }

    public static InstalledDistribution Read(string siteDirectory, string distInfoFolder)
    {
        var folderName = Path.GetFileName(distInfoFolder);
        var (name, version, requires) = ReadMetadata(Path.Combine(distInfoFolder, "METADATA"));
        if (name is null)
        {
            // No usable METADATA: the folder name is "{name}-{version}.dist-info" (PEP 427 escaping).
            var stem = folderName[..^".dist-info".Length];
            var dash = stem.IndexOf('-');
            name = dash < 0 ? stem : stem[..dash];
            version ??= dash < 0 ? null : stem[(dash + 1)..];
        }
        var recordPath = Path.Combine(distInfoFolder, "RECORD");
        var recorded = File.Exists(recordPath)
            ? ReadRecord(recordPath).Select(MapRecordPath).OfType<string>().Distinct(StringComparer.Ordinal).ToList()
            : [];
        var scripts = ReadScripts(Path.Combine(distInfoFolder, "entry_points.txt"));
        return new InstalledDistribution(name, version, folderName, requires, recorded, scripts);
    }

    /// <summary>
    /// Maps a RECORD path (relative to the site folder it was installed into) to a path relative to the
    /// tree. Paths that climb out of the site folder belong to the install scheme's other folders: pip
    /// <c>--target</c> installs through a temporary <c>--home</c> whose <c>lib/python</c> and <c>bin</c>
    /// it then moves into the target, so <c>../../bin/pip</c> is the tree's <c>bin/pip</c>. Those paths
    /// are looked up with their leading '..' parts dropped. Returns null for an empty path.
    /// </summary>
    public static string? MapRecordPath(string recordPath)
    {
        var parts = new List<string>();
        foreach (var part in recordPath.Replace('\\', '/').Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                continue; // climbing above the site folder: drop it (see above)
            }
            parts.Add(part);
        }
        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    private static (string? Name, string? Version, IReadOnlyList<InstalledRequirement> Requires) ReadMetadata(string path)
    {
        if (!File.Exists(path))
        {
            return (null, null, []);
        }
        string? name = null, version = null;
        var requires = new List<InstalledRequirement>();
        // RFC 822 style headers up to the first blank line; continuation lines start with whitespace
        // and only occur in long free-text fields, none of the three read here.
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            if (line.Length == 0)
            {
                break;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0 || char.IsWhiteSpace(line[0]))
            {
                continue;
            }
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (key.Equals("Name", StringComparison.OrdinalIgnoreCase))
            {
                name ??= value;
            }
            else if (key.Equals("Version", StringComparison.OrdinalIgnoreCase))
            {
                version ??= value;
            }
            else if (key.Equals("Requires-Dist", StringComparison.OrdinalIgnoreCase))
            {
                var requirement = ParseRequirement(value);
                if (requirement is not null)
                {
                    requires.Add(requirement);
                }
            }
        }
        return (string.IsNullOrWhiteSpace(name) ? null : name, version, requires);
    }

    /// <summary>
    /// The name of a PEP 508 requirement and whether its marker limits it to an extra. Any other marker
    /// (python_version, sys_platform, …) is treated as applying: it may well hold on Lambda, so a warning
    /// about it is worth the occasional false alarm.
    /// </summary>
    public static InstalledRequirement? ParseRequirement(string requirement)
    {
        var match = RequirementName().Match(requirement);
        if (!match.Success)
        {
            return null;
        }
        var semicolon = requirement.IndexOf(';');
        var extraOnly = semicolon >= 0 && ExtraMarker().IsMatch(requirement[(semicolon + 1)..]);
        return new InstalledRequirement(match.Groups[1].Value, extraOnly);
    }

    /// <summary>RECORD is CSV (path, hash, size); only the path column matters, and it may be quoted.</summary>
    private static IEnumerable<string> ReadRecord(string path)
    {
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            yield return FirstCsvField(line);
        }
    }

    private static string FirstCsvField(string line)
    {
        if (!line.StartsWith('"'))
        {
            var comma = line.IndexOf(',');
            return comma < 0 ? line : line[..comma];
        }
        var field = new StringBuilder();
        for (var i = 1; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                    continue;
                }
                break;
            }
            field.Append(line[i]);
        }
        return field.ToString();
    }

    /// <summary>Names under [console_scripts] and [gui_scripts]: installers write each as bin/NAME.</summary>
    private static IReadOnlyList<string> ReadScripts(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        var scripts = new List<string>();
        var inScripts = false;
        foreach (var raw in File.ReadLines(path, Encoding.UTF8))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';'))
            {
                continue;
            }
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                var section = line[1..^1].Trim();
                inScripts = section is "console_scripts" or "gui_scripts";
                continue;
            }
            var equals = line.IndexOf('=');
            if (inScripts && equals > 0)
            {
                scripts.Add(line[..equals].Trim());
            }
        }
        return scripts;
    }

    [GeneratedRegex(@"^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")]
    private static partial Regex RequirementName();

    [GeneratedRegex(@"\bextra\s*(==|!=|===|~=|\bin\b)")]
    private static partial Regex ExtraMarker();
}
