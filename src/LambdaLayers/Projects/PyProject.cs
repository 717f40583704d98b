using Tomlyn.Model;

namespace LambdaLayers.Projects;

/// <summary>
/// What this tool needs from pyproject.toml: PEP 621 <c>[project]</c>, PEP 735 <c>[dependency-groups]</c>,
/// <c>[tool.poetry]</c>, <c>[tool.uv]</c> indexes and our own <c>[tool.lambda-layers]</c> table.
/// </summary>
public sealed record PyProject
{
    public required string Path { get; init; }

    /// <summary>The project name from <c>[project]</c>, else <c>[tool.poetry]</c>; null when neither has one.</summary>
    public string? Name { get; init; }

    public string? Version { get; init; }

    public string? Description { get; init; }

    /// <summary>PEP 440 specifier: <c>[project] requires-python</c>, else Poetry's <c>python</c> dependency (caret/tilde form).</summary>
    public string? RequiresPython { get; init; }

    public IReadOnlyList<string> Dependencies { get; init; } = [];

    public IReadOnlyDictionary<string, IReadOnlyList<string>> OptionalDependencies { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>PEP 735 groups; entries that include another group are written as "include-group:NAME".</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DependencyGroups { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary><c>[tool.poetry]</c>, or null when the project does not use Poetry's table.</summary>
    public PoetrySection? Poetry { get; init; }

    /// <summary>Indexes declared in <c>[[tool.uv.index]]</c>.</summary>
    public IReadOnlyList<DeclaredIndex> UvIndexes { get; init; } = [];

    /// <summary><c>[build-system]</c>, or null when the file has none.</summary>
    public BuildSystem? BuildSystem { get; init; }

    /// <summary>The raw <c>[tool.lambda-layers]</c> table, or null.</summary>
    public TomlTable? LambdaLayersTable { get; init; }
}
