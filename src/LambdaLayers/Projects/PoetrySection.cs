namespace LambdaLayers.Projects;

/// <summary>The parts of <c>[tool.poetry]</c> a layer build reads.</summary>
public sealed record PoetrySection
{
    /// <summary>Main dependencies as name → constraint text (tables are kept as their "version" or "*").</summary>
    public IReadOnlyDictionary<string, string> Dependencies { get; init; } = new Dictionary<string, string>();

    /// <summary><c>[tool.poetry.group.NAME.dependencies]</c> and the legacy <c>dev-dependencies</c> as group "dev".</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Groups { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>False when <c>package-mode = false</c> (Poetry 1.8+): the project manages dependencies only and builds no package.</summary>
    public bool PackageMode { get; init; } = true;

    /// <summary><c>[[tool.poetry.source]]</c> entries.</summary>
    public IReadOnlyList<DeclaredIndex> Sources { get; init; } = [];
}
