using LambdaLayers.FileSystem;
using Tomlyn.Model;

namespace LambdaLayers.Projects;

/// <summary>
/// Reads pyproject.toml into a <see cref="PyProject"/>. Invalid TOML (duplicate keys and tables included) fails
/// with file:line:column (<see cref="PyProjectToml"/>); a value of the wrong type names its key path.
/// </summary>
public static class PyProjectReader
{
    public static PyProject Read(string path)
    {
        if (!RegularFile.Exists(path, "Replace it with the project's pyproject.toml, or point --project at the right folder."))
        {
            throw new PyProjectException(path,
                $"No pyproject.toml at '{path}'. Run from the folder that holds the project's pyproject.toml or pass --project DIR.");
        }
        return FromDocument(path, PyProjectToml.ReadFile(path));
    }

    public static PyProject FromDocument(string path, TomlTable document)
    {
        var keys = new KeyReader(path);
        var project = keys.Table(document, "project");
        var tool = keys.Table(document, "tool");
        var poetry = tool is null ? null : keys.Table(tool, "tool.poetry", "poetry");
        var uv = tool is null ? null : keys.Table(tool, "tool.uv", "uv");

        var poetrySection = poetry is null ? null : ReadPoetry(keys, poetry);
        return new PyProject
        {
            Path = Path.GetFullPath(path),
            Name = keys.String(project, "project.name", "name") ?? keys.String(poetry, "tool.poetry.name", "name"),
            Version = keys.String(project, "project.version", "version") ?? keys.String(poetry, "tool.poetry.version", "version"),
            Description = keys.String(project, "project.description", "description")
                          ?? keys.String(poetry, "tool.poetry.description", "description"),
            RequiresPython = keys.String(project, "project.requires-python", "requires-python")
                             ?? (poetrySection?.Dependencies.TryGetValue("python", out var python) == true ? python : null),
            Dependencies = keys.Strings(project, "project.dependencies", "dependencies"),
            OptionalDependencies = keys.StringLists(keys.Table(project, "project.optional-dependencies", "optional-dependencies"),
                "project.optional-dependencies"),
            DependencyGroups = ReadDependencyGroups(keys, keys.Table(document, "dependency-groups")),
            Poetry = poetrySection,
            UvIndexes = ReadIndexes(keys, uv, "tool.uv.index", "index"),
            LambdaLayersTable = tool is null ? null : keys.Table(tool, "tool.lambda-layers", "lambda-layers"),
        };
    }

    private static PoetrySection ReadPoetry(KeyReader keys, TomlTable poetry)
    {
        var groups = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var legacyDev = keys.Table(poetry, "tool.poetry.dev-dependencies", "dev-dependencies");
        if (legacyDev is not null)
        {
            groups["dev"] = ReadPoetryDependencies(keys, legacyDev, "tool.poetry.dev-dependencies");
        }
        var groupTable = keys.Table(poetry, "tool.poetry.group", "group");
        if (groupTable is not null)
        {
            foreach (var (name, value) in groupTable)
            {
                var keyPath = $"tool.poetry.group.{name}";
                var group = value as TomlTable ?? throw keys.WrongType(keyPath, "a table");
                var deps = keys.Table(group, $"{keyPath}.dependencies", "dependencies");
                groups[name] = deps is null ? new Dictionary<string, string>() : ReadPoetryDependencies(keys, deps, $"{keyPath}.dependencies");
            }
        }
        var dependencies = keys.Table(poetry, "tool.poetry.dependencies", "dependencies");
        return new PoetrySection
        {
            Dependencies = dependencies is null ? new Dictionary<string, string>() : ReadPoetryDependencies(keys, dependencies, "tool.poetry.dependencies"),
            Groups = groups,
            Sources = ReadIndexes(keys, poetry, "tool.poetry.source", "source"),
        };
    }

    // A Poetry dependency is "^1.2", or a table such as { version = "^1.2", extras = [...] } or
    // { git = "..." }; only the version text matters here.
    private static Dictionary<string, string> ReadPoetryDependencies(KeyReader keys, TomlTable table, string keyPath)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in table)
        {
            result[name] = value switch
            {
                string text => text,
                TomlTable spec => keys.String(spec, $"{keyPath}.{name}.version", "version") ?? "*",
                TomlArray or TomlTableArray => "*",
                _ => throw keys.WrongType($"{keyPath}.{name}", "a version string or a table"),
            };
        }
        return result;
    }

    private static Dictionary<string, IReadOnlyList<string>> ReadDependencyGroups(KeyReader keys, TomlTable? groups)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (groups is null)
        {
            return result;
        }
        foreach (var (name, value) in groups)
        {
            var keyPath = $"dependency-groups.{name}";
            var items = value as TomlArray ?? throw keys.WrongType(keyPath, "an array");
            result[name] = items.Select(item => item switch
            {
                string requirement => requirement,
                TomlTable include when keys.String(include, $"{keyPath}.include-group", "include-group") is { } other => $"include-group:{other}",
                _ => throw keys.WrongType(keyPath, "requirement strings or { include-group = \"NAME\" } tables"),
            }).ToArray();
        }
        return result;
    }

    private static IReadOnlyList<DeclaredIndex> ReadIndexes(KeyReader keys, TomlTable? parent, string keyPath, string key)
    {
        if (parent is null || !parent.TryGetValue(key, out var value))
        {
            return [];
        }
        // [[tool.uv.index]] headers give a TomlTableArray; `index = [{ … }]` gives a TomlArray of inline tables.
        IEnumerable<object?> entries = value switch
        {
            TomlTableArray tables => tables,
            TomlArray array => array,
            _ => throw keys.WrongType(keyPath, "an array of tables ([[" + keyPath + "]])"),
        };
        return entries.Select(entry =>
        {
            var table = entry as TomlTable ?? throw keys.WrongType(keyPath, "an array of tables ([[" + keyPath + "]])");
            var name = keys.String(table, $"{keyPath}.name", "name")
                       ?? throw new PyProjectException(keys.Path, $"Every [[{keyPath}]] entry in '{keys.Path}' needs a name.");
            return new DeclaredIndex(name, keys.String(table, $"{keyPath}.url", "url"));
        }).ToArray();
    }
}
