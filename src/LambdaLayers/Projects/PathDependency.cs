namespace LambdaLayers.Projects;

/// <summary>
/// A dependency the project takes from the file system rather than an index: a Poetry <c>path</c>
/// dependency, a <c>[tool.uv.sources]</c> path or a uv workspace member, a requirements line such as
/// <c>-e ../other</c>, <c>./wheels/x.whl</c> or <c>mylib @ file:../mylib</c>. Relative paths mean what they
/// mean in the project: <see cref="ResolvedPath"/> is resolved against the project folder, lexically
/// (<c>..</c> removed, symbolic links kept), because that is where the tools look.
/// </summary>
public sealed record PathDependency
{
    /// <summary>The distribution name when the project file says it (Poetry and uv always, requirements lines with <c>name @</c>).</summary>
    public string? Name { get; init; }

    /// <summary>The path as written in the project file ("../mylib", "file:../mylib", "./wheels/x.whl").</summary>
    public required string WrittenPath { get; init; }

    /// <summary>The absolute path it points at, resolved against the project folder without following links.</summary>
    public required string ResolvedPath { get; init; }

    /// <summary>Where it is declared, for messages: "pyproject.toml [tool.poetry.dependencies] mylib", "requirements.txt line 3".</summary>
    public required string DeclaredIn { get; init; }

    public PathDependencyKind Kind { get; init; } = PathDependencyKind.Directory;

    /// <summary>Declared editable (<c>develop = true</c>, <c>-e</c>, <c>editable = true</c>); the layer gets a real copy anyway.</summary>
    public bool Editable { get; init; }

    /// <summary>Written as an absolute path (or an absolute <c>file://</c> URL) rather than relative to the project.</summary>
    public bool WrittenAbsolute { get; init; }

    /// <summary>
    /// Part of what this build installs (main dependencies plus the selected groups and extras, and what they
    /// pull in). Only these are built, hashed into the fingerprint and checked for a build backend.
    /// </summary>
    public bool Installed { get; init; } = true;

    /// <summary>
    /// Must be present in the build's copy of the project even when not installed: Poetry refuses to load a
    /// pyproject.toml whose path dependencies (in any group) are missing, and uv finds its workspace members
    /// by their pyproject.toml.
    /// </summary>
    public bool Placed { get; init; } = true;

    /// <summary>A uv workspace member with no build system (<c>source = { virtual = … }</c>): never built or installed.</summary>
    public bool Virtual { get; init; }

    /// <summary>"'mylib' ('../mylib')" or "'../mylib'": how messages name it.</summary>
    public string Display => Name is null ? $"'{WrittenPath}'" : $"'{Name}' ('{WrittenPath}')";

    /// <summary>The kind a path names by its file name: wheels and source archives by extension, anything else a folder.</summary>
    public static PathDependencyKind KindOf(string path)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path)).ToLowerInvariant();
        if (name.EndsWith(".whl", StringComparison.Ordinal))
        {
            return PathDependencyKind.Wheel;
        }
        return SourceArchiveExtensions.Any(e => name.EndsWith(e, StringComparison.Ordinal))
            ? PathDependencyKind.SourceArchive
            : PathDependencyKind.Directory;
    }

    /// <summary>The archive extensions pip builds from (its <c>ARCHIVE_EXTENSIONS</c> minus the wheel).</summary>
    public static readonly IReadOnlyList<string> SourceArchiveExtensions =
        [".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tlz", ".tar.lz", ".tar.lzma", ".zip"];
}
