using System.Text.RegularExpressions;
using LambdaLayers.FileSystem;
using Tomlyn.Model;

namespace LambdaLayers.Projects;

/// <summary>
/// Finds a project's path dependencies, per tool, from the files the tool installs from: requirements.txt
/// for pip; pyproject.toml (<c>path</c> dependencies in every group) and poetry.lock (directory and file
/// packages) for Poetry; uv.lock (directory, editable, path and virtual sources, workspace members) with
/// pyproject.toml's <c>[tool.uv.sources]</c> for uv. For the lock-based tools it also works out which of
/// them this build installs: everything reachable in the lock from the main dependencies, the selected
/// groups and the selected extras (markers are not evaluated, so a dependency only some platforms need
/// counts as installed).
/// </summary>
public static partial class PathDependencyReader
{
    /// <summary>pip: every local line of the requirements file; all of them are installed.</summary>
    public static IReadOnlyList<PathDependency> ForRequirements(string requirementsPath, string projectDirectory) =>
        RequirementsPathReader.Read(requirementsPath, projectDirectory);

    /// <summary>Poetry: <c>path</c> dependencies of pyproject.toml (all groups, placed) and poetry.lock's directory and file packages.</summary>
    public static IReadOnlyList<PathDependency> ForPoetry(string projectDirectory, string pyProjectPath, string lockPath,
        IReadOnlyCollection<string> groups, IReadOnlyCollection<string> extras)
    {
        var document = PyProjectToml.ReadFile(pyProjectPath);
        var keys = new KeyReader(pyProjectPath);
        var poetry = keys.Table(keys.Table(document, "tool"), "tool.poetry", "poetry");
        var declared = new List<(string Name, string Group, string Path, bool Develop, string Table)>();
        if (poetry is not null)
        {
            AddPoetryPaths(declared, keys.Table(poetry, "tool.poetry.dependencies", "dependencies"), "main", "[tool.poetry.dependencies]");
            AddPoetryPaths(declared, keys.Table(poetry, "tool.poetry.dev-dependencies", "dev-dependencies"), "dev", "[tool.poetry.dev-dependencies]");
            if (keys.Table(poetry, "tool.poetry.group", "group") is { } groupTable)
            {
                foreach (var (group, value) in groupTable)
                {
                    AddPoetryPaths(declared, LockFileToml.Table(value as TomlTable, "dependencies"), group,
                        $"[tool.poetry.group.{group}.dependencies]");
                }
            }
        }

        var lockText = File.Exists(lockPath) ? RegularFile.ReadAllText(lockPath) : "";
        var lockHasLocal = PoetryLocalSource().IsMatch(lockText);
        if (declared.Count == 0 && !lockHasLocal)
        {
            return [];
        }
        var lockFile = lockHasLocal ? LockFileToml.Parse(lockPath, lockText, "`poetry lock`") : new TomlTable();
        var installed = PoetryClosure(document, poetry, lockFile, groups, extras);

        var result = new List<PathDependency>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, group, path, develop, table) in declared)
        {
            var key = LockFileToml.Normalize(name);
            var isInstalled = installed.Contains(key) || group == "main" || groups.Contains(group);
            seen.Add(key);
            result.Add(Make(name, path, projectDirectory, $"pyproject.toml {table} {name}", develop, placed: true, isInstalled));
        }
        foreach (var package in LockFileToml.Packages(lockFile))
        {
            var source = LockFileToml.Table(package, "source");
            var type = LockFileToml.String(source, "type");
            var url = LockFileToml.String(source, "url");
            var name = LockFileToml.String(package, "name");
            if (type is not ("directory" or "file") || url is null || name is null || !seen.Add(LockFileToml.Normalize(name)))
            {
                continue;
            }
            var isInstalled = installed.Contains(LockFileToml.Normalize(name));
            var develop = package.TryGetValue("develop", out var d) && d is true;
            result.Add(Make(name, url, projectDirectory, $"poetry.lock package {name}", develop, placed: isInstalled, isInstalled));
        }
        return result;
    }

    /// <summary>uv: uv.lock's local packages other than the project itself; workspace members are placed even when not installed.</summary>
    public static IReadOnlyList<PathDependency> ForUv(string projectDirectory, string pyProjectPath, string lockPath,
        IReadOnlyCollection<string> groups, IReadOnlyCollection<string> extras)
    {
        var lockText = File.Exists(lockPath) ? RegularFile.ReadAllText(lockPath) : "";
        if (!UvLocalSource().IsMatch(lockText))
        {
            return [];
        }
        var lockFile = LockFileToml.Parse(lockPath, lockText, "`uv lock`");
        var packages = LockFileToml.Packages(lockFile).ToList();
        var root = packages.FirstOrDefault(p => LocalSourceOf(p) is { Path: "." });
        var members = LockFileToml.Table(lockFile, "manifest") is { } manifest && manifest.TryGetValue("members", out var m) && m is TomlArray names
            ? names.OfType<string>().Select(LockFileToml.Normalize).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
        var installed = UvClosure(packages, root, groups, extras);

        var document = File.Exists(pyProjectPath) ? PyProjectToml.ReadFile(pyProjectPath) : new TomlTable();
        var sources = LockFileToml.Table(LockFileToml.Table(LockFileToml.Table(document, "tool"), "uv"), "sources");

        var result = new List<PathDependency>();
        foreach (var package in packages)
        {
            if (ReferenceEquals(package, root) || LocalSourceOf(package) is not { } local || LockFileToml.String(package, "name") is not { } name)
            {
                continue;
            }
            var key = LockFileToml.Normalize(name);
            var isMember = members.Contains(key);
            var isInstalled = installed.Contains(key) && local.Kind != "virtual";
            var declaredIn = isMember
                ? $"pyproject.toml [tool.uv.workspace] members ({name})"
                : sources is not null && sources.Keys.Any(k => LockFileToml.Normalize(k) == key)
                    ? $"pyproject.toml [tool.uv.sources] {name}"
                    : $"uv.lock package {name}";
            result.Add(Make(name, local.Path, projectDirectory, declaredIn, local.Kind == "editable",
                placed: isMember || isInstalled, isInstalled) with { Virtual = local.Kind == "virtual" });
        }
        return result;
    }

    private static PathDependency Make(string name, string path, string projectDirectory, string declaredIn, bool editable, bool placed, bool installed) => new()
    {
        Name = name,
        WrittenPath = path,
        ResolvedPath = Path.GetFullPath(Path.Combine(projectDirectory, path)),
        DeclaredIn = declaredIn,
        Kind = PathDependency.KindOf(path),
        Editable = editable,
        WrittenAbsolute = Path.IsPathRooted(path),
        Placed = placed,
        Installed = installed,
    };

    // mylib = { path = "../mylib", develop = true }, or several constraints [{ path = …, markers = … }, …].
    private static void AddPoetryPaths(List<(string, string, string, bool, string)> declared, TomlTable? dependencies, string group, string table)
    {
        if (dependencies is null)
        {
            return;
        }
        foreach (var (name, value) in dependencies)
        {
            IEnumerable<TomlTable> specs = value switch
            {
                TomlTable spec => [spec],
                TomlArray array => array.OfType<TomlTable>(),
                TomlTableArray tables => tables,
                _ => [],
            };
            foreach (var spec in specs)
            {
                if (LockFileToml.String(spec, "path") is { } path)
                {
                    declared.Add((name, group, path, spec.TryGetValue("develop", out var develop) && develop is true, table));
                    break;
                }
            }
        }
    }

    private static HashSet<string> PoetryClosure(TomlTable document, TomlTable? poetry, TomlTable lockFile,
        IReadOnlyCollection<string> groups, IReadOnlyCollection<string> extras)
    {
        var roots = new List<string>();
        void AddKeys(TomlTable? table)
        {
            if (table is not null)
            {
                roots.AddRange(table.Keys.Where(k => k != "python"));
            }
        }
        void AddRequirements(object? list)
        {
            if (list is TomlArray array)
            {
                roots.AddRange(array.OfType<string>().Select(RequirementName).OfType<string>());
            }
        }
        var project = LockFileToml.Table(document, "project");
        AddKeys(LockFileToml.Table(poetry, "dependencies"));
        AddRequirements(LockFileToml.Value(project, "dependencies"));
        foreach (var group in groups)
        {
            AddKeys(LockFileToml.Table(LockFileToml.Table(LockFileToml.Table(poetry, "group"), group), "dependencies"));
            if (group == "dev")
            {
                AddKeys(LockFileToml.Table(poetry, "dev-dependencies"));
            }
            AddRequirements(LockFileToml.Value(LockFileToml.Table(document, "dependency-groups"), group));
        }
        foreach (var extra in extras)
        {
            AddRequirements(LockFileToml.Value(LockFileToml.Table(poetry, "extras"), extra));
            AddRequirements(LockFileToml.Value(LockFileToml.Table(project, "optional-dependencies"), extra));
        }

        var byName = LockFileToml.Packages(lockFile)
            .Where(p => LockFileToml.String(p, "name") is not null)
            .ToLookup(p => LockFileToml.Normalize(LockFileToml.String(p, "name")!));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<(string Name, IReadOnlyList<string> Extras)>(roots.Select(r => (r, (IReadOnlyList<string>)[])));
        while (queue.Count > 0)
        {
            var (name, requestedExtras) = queue.Dequeue();
            var key = LockFileToml.Normalize(name);
            var firstVisit = seen.Add(key);
            foreach (var package in byName[key])
            {
                if (firstVisit)
                {
                    foreach (var (dependency, spec) in LockFileToml.Table(package, "dependencies") ?? new TomlTable())
                    {
                        var table = spec as TomlTable ?? (spec as TomlArray)?.OfType<TomlTable>().FirstOrDefault();
                        if (table is not null && table.TryGetValue("optional", out var optional) && optional is true)
                        {
                            continue;
                        }
                        var dependencyExtras = table is not null && table.TryGetValue("extras", out var e) && e is TomlArray list
                            ? list.OfType<string>().ToArray()
                            : [];
                        queue.Enqueue((dependency, dependencyExtras));
                    }
                }
                foreach (var extra in requestedExtras)
                {
                    if (LockFileToml.Value(LockFileToml.Table(package, "extras"), extra) is TomlArray extraRequirements)
                    {
                        foreach (var requirement in extraRequirements.OfType<string>().Select(RequirementName).OfType<string>())
                        {
                            queue.Enqueue((requirement, []));
                        }
                    }
                }
            }
        }
        return seen;
    }

    private static HashSet<string> UvClosure(IReadOnlyList<TomlTable> packages, TomlTable? root,
        IReadOnlyCollection<string> groups, IReadOnlyCollection<string> extras)
    {
        var byName = packages
            .Where(p => LockFileToml.String(p, "name") is not null)
            .ToLookup(p => LockFileToml.Normalize(LockFileToml.String(p, "name")!));
        var queue = new Queue<TomlTable>(LockFileToml.Tables(root, "dependencies"));
        foreach (var extra in extras)
        {
            foreach (var dependency in LockFileToml.Tables(LockFileToml.Table(root, "optional-dependencies"), extra))
            {
                queue.Enqueue(dependency);
            }
        }
        foreach (var group in groups)
        {
            foreach (var dependency in LockFileToml.Tables(LockFileToml.Table(root, "dev-dependencies"), group))
            {
                queue.Enqueue(dependency);
            }
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var seenExtras = new HashSet<string>(StringComparer.Ordinal);
        while (queue.Count > 0)
        {
            var dependency = queue.Dequeue();
            if (LockFileToml.String(dependency, "name") is not { } name)
            {
                continue;
            }
            var key = LockFileToml.Normalize(name);
            var firstVisit = seen.Add(key);
            var requested = dependency.TryGetValue("extra", out var e) && e is TomlArray list ? list.OfType<string>() : [];
            foreach (var package in byName[key])
            {
                if (firstVisit)
                {
                    foreach (var next in LockFileToml.Tables(package, "dependencies"))
                    {
                        queue.Enqueue(next);
                    }
                }
                foreach (var extra in requested)
                {
                    if (seenExtras.Add($"{key}[{extra}]"))
                    {
                        foreach (var next in LockFileToml.Tables(LockFileToml.Table(package, "optional-dependencies"), extra))
                        {
                            queue.Enqueue(next);
                        }
                    }
                }
            }
        }
        return seen;
    }

    // uv.lock sources of local packages: { editable = "…" }, { directory = "…" }, { path = "….whl" }, { virtual = "…" }.
    private static (string Kind, string Path)? LocalSourceOf(TomlTable package)
    {
        var source = LockFileToml.Table(package, "source");
        foreach (var kind in new[] { "editable", "directory", "path", "virtual" })
        {
            if (LockFileToml.String(source, kind) is { } path)
            {
                return (kind, path);
            }
        }
        return null;
    }

    private static string? RequirementName(string requirement)
    {
        var match = LeadingName().Match(requirement);
        return match.Success ? match.Value.Trim() : null;
    }

    [GeneratedRegex(@"^\s*[A-Za-z0-9][A-Za-z0-9._-]*")]
    private static partial Regex LeadingName();

    [GeneratedRegex(@"type\s*=\s*""(directory|file)""")]
    private static partial Regex PoetryLocalSource();

    // Every uv.lock has the project itself as { editable = "." } or { virtual = "." }; anything else is a local package.
    [GeneratedRegex(@"\b(directory|editable|path|virtual)\s*=\s*""(?!\.""\s*[,}])")]
    private static partial Regex UvLocalSource();
}
