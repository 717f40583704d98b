using System.Text.RegularExpressions;
using Tomlyn.Model;

namespace LambdaLayers.Projects;

/// <summary>
/// Finds the local path dependencies a function build includes, from the files the tool reads: Poetry's
/// <c>path</c> dependencies in <c>[tool.poetry.dependencies]</c> and the selected groups; <c>[tool.uv.sources]</c>
/// paths of dependencies the project (or a selected extra or dependency group) names; the local lines of
/// requirements.txt. Only what pyproject.toml and requirements.txt say directly is read (no lock files, so a path
/// dependency of a path dependency is not followed).
/// </summary>
public static partial class LocalDependencyReader
{
    /// <summary>Poetry: <c>path</c> tables of the main dependencies and of the groups in <paramref name="groups"/> (legacy dev-dependencies count as "dev").</summary>
    public static IReadOnlyList<LocalDependency> ForPoetry(string projectDirectory, string pyProjectPath, IReadOnlyCollection<string> groups)
    {
        var document = PyProjectToml.ReadFile(pyProjectPath);
        var keys = new KeyReader(pyProjectPath);
        var poetry = keys.Table(keys.Table(document, "tool"), "tool.poetry", "poetry");
        var found = new List<LocalDependency>();
        if (poetry is null)
        {
            return found;
        }
        AddPoetryPaths(found, keys, projectDirectory, keys.Table(poetry, "tool.poetry.dependencies", "dependencies"), "[tool.poetry.dependencies]");
        if (groups.Contains("dev"))
        {
            AddPoetryPaths(found, keys, projectDirectory, keys.Table(poetry, "tool.poetry.dev-dependencies", "dev-dependencies"), "[tool.poetry.dev-dependencies]");
        }
        if (keys.Table(poetry, "tool.poetry.group", "group") is { } groupTable)
        {
            foreach (var (group, value) in groupTable.Where(g => groups.Contains(g.Key)))
            {
                var table = value as TomlTable ?? throw keys.WrongType($"tool.poetry.group.{group}", "a table");
                AddPoetryPaths(found, keys, projectDirectory, keys.Table(table, $"tool.poetry.group.{group}.dependencies", "dependencies"),
                    $"[tool.poetry.group.{group}.dependencies]");
            }
        }
        return Distinct(found);
    }

    /// <summary>uv: the <c>[tool.uv.sources]</c> entries with a <c>path</c> whose name the dependencies, the selected extras or the selected dependency groups list.</summary>
    public static IReadOnlyList<LocalDependency> ForUv(string projectDirectory, PyProject project, IReadOnlyCollection<string> groups, IReadOnlyCollection<string> extras)
    {
        var document = PyProjectToml.ReadFile(project.Path);
        var keys = new KeyReader(project.Path);
        var sources = keys.Table(keys.Table(keys.Table(document, "tool"), "tool.uv", "uv"), "tool.uv.sources", "sources");
        var found = new List<LocalDependency>();
        if (sources is null)
        {
            return found;
        }
        var wanted = project.Dependencies
            .Concat(project.OptionalDependencies.Where(e => extras.Contains(e.Key)).SelectMany(e => e.Value))
            .Concat(project.DependencyGroups.Where(g => groups.Contains(g.Key)).SelectMany(g => g.Value))
            .Select(RequirementName)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in sources)
        {
            if (value is TomlTable source && keys.String(source, $"tool.uv.sources.{name}.path", "path") is { } path && wanted.Contains(Normalize(name)))
            {
                found.Add(Make(name, path, projectDirectory, $"pyproject.toml [tool.uv.sources] {name}"));
            }
        }
        return Distinct(found);
    }

    /// <summary>pip: every line of the requirements file that installs from the file system.</summary>
    public static IReadOnlyList<LocalDependency> ForRequirements(string requirementsPath, string projectDirectory)
    {
        var found = new List<LocalDependency>();
        if (!File.Exists(requirementsPath))
        {
            return found;
        }
        var number = 0;
        foreach (var raw in File.ReadLines(requirementsPath))
        {
            number++;
            var line = Comment().Replace(raw, "").Trim();
            if (line.Length == 0)
            {
                continue;
            }
            string? name = null;
            string location;
            if (Editable().Match(line) is { Success: true } editable)
            {
                location = editable.Groups["value"].Value.Trim().Trim('"', '\'');
            }
            else if (line.StartsWith('-'))
            {
                continue; // options (-r, -c, --index-url, …)
            }
            else if (Named().Match(line) is { Success: true } named)
            {
                if (!named.Groups["url"].Value.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                name = named.Groups["name"].Value;
                location = named.Groups["url"].Value;
            }
            else
            {
                location = line.Split([' ', ';'], 2)[0];
            }
            location = location.Split('#')[0];
            if (!IsLocal(location))
            {
                continue;
            }
            found.Add(Make(name, location, projectDirectory, $"{Path.GetFileName(requirementsPath)} line {number}"));
        }
        return Distinct(found);
    }

    private static void AddPoetryPaths(List<LocalDependency> found, KeyReader keys, string projectDirectory, TomlTable? dependencies, string table)
    {
        foreach (var (name, value) in dependencies ?? [])
        {
            if (value is TomlTable spec && keys.String(spec, $"{table} {name}.path", "path") is { } path)
            {
                found.Add(Make(name, path, projectDirectory, $"pyproject.toml {table} {name}"));
            }
        }
    }

    private static LocalDependency Make(string? name, string written, string projectDirectory, string declaredIn)
    {
        var path = written;
        if (path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            path = path.StartsWith("file://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(path, UriKind.Absolute, out var uri)
                ? uri.LocalPath
                : Uri.UnescapeDataString(path["file:".Length..]);
        }
        return new LocalDependency
        {
            Name = name,
            WrittenPath = written,
            ResolvedPath = Path.GetFullPath(Path.Combine(projectDirectory, path)),
            DeclaredIn = declaredIn,
        };
    }

    private static IReadOnlyList<LocalDependency> Distinct(List<LocalDependency> found) =>
        found.DistinctBy(d => d.ResolvedPath, StringComparer.Ordinal).ToList();

    private static bool IsLocal(string location) =>
        location.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ||
        (!location.Contains("://", StringComparison.Ordinal) &&
         (location.StartsWith('.') || location.StartsWith('/') || location.Contains('/') || location.EndsWith(".whl", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The PEP 503-normalised name a PEP 508 requirement starts with, or null.</summary>
    private static string? RequirementName(string requirement) =>
        LeadingName().Match(requirement) is { Success: true } match ? Normalize(match.Value) : null;

    private static string Normalize(string name) => Separators().Replace(name, "-").ToLowerInvariant();

    [GeneratedRegex(@"(^|\s+)#.*$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"^(-e|--editable)(=|\s+)(?<value>.+)$")]
    private static partial Regex Editable();

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*@\s*(?<url>\S+)")]
    private static partial Regex Named();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*")]
    private static partial Regex LeadingName();

    [GeneratedRegex("[-_.]+")]
    private static partial Regex Separators();
}
