namespace LambdaLayers.Projects;

/// <summary>
/// pyproject.toml's <c>[build-system]</c> (PEP 517/518): the backend that builds the project into a wheel
/// (<c>setuptools.build_meta</c>, <c>poetry.core.masonry.api</c>, <c>hatchling.build</c>, …) and the
/// distributions the build needs installed to run it.
/// </summary>
public sealed record BuildSystem(string? Backend, IReadOnlyList<string> Requires)
{
    /// <summary>What a build frontend uses when <c>[build-system]</c> names no backend but a setup.py exists (PEP 517's fallback).</summary>
    public const string LegacySetuptoolsBackend = "setuptools.build_meta:__legacy__";
}
