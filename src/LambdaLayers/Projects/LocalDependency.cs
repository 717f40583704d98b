namespace LambdaLayers.Projects;

/// <summary>
/// A dependency the project takes from the file system, as the function build needs it: a Poetry <c>path</c>
/// dependency, a <c>[tool.uv.sources]</c> path, a local requirements line (<c>-e ../lib</c>, <c>lib @ file:../lib</c>,
/// <c>./wheels/lib.whl</c>). <see cref="ResolvedPath"/> is resolved against the project folder, not against any copy
/// of it, lexically (<c>..</c> removed, links kept), because that is where the tools look.
/// </summary>
public sealed record LocalDependency
{
    /// <summary>The distribution name when the project file says it (Poetry and uv always; requirements lines with <c>name @</c>).</summary>
    public string? Name { get; init; }

    /// <summary>The path as written ("../shared", "file:../shared", "./dist/shared-1.0-py3-none-any.whl").</summary>
    public required string WrittenPath { get; init; }

    /// <summary>The absolute path it points at.</summary>
    public required string ResolvedPath { get; init; }

    /// <summary>Where it is declared, for messages: "pyproject.toml [tool.poetry.dependencies] shared", "requirements.txt line 3".</summary>
    public required string DeclaredIn { get; init; }

    /// <summary>A built wheel, installed as it is; anything else (a folder, a source archive) is built into one first.</summary>
    public bool IsWheel => ResolvedPath.EndsWith(".whl", StringComparison.OrdinalIgnoreCase);

    /// <summary>"'shared' ('../shared')" or "'../shared'": how messages name it.</summary>
    public string Display => Name is null ? $"'{WrittenPath}'" : $"'{Name}' ('{WrittenPath}')";
}
