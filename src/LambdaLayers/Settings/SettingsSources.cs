namespace LambdaLayers.Settings;

/// <summary>
/// The inputs of settings resolution besides pyproject.toml: values given explicitly (command line, NUKE
/// parameters, code), the environment, and the folder to start from. Keys of <see cref="Explicit"/> are
/// parameter names in any spelling NUKE accepts.
/// </summary>
public sealed record SettingsSources
{
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Explicit { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Environment variables; null reads the process environment.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Where a relative --project and the search for .nuke/ start; null is the current folder.</summary>
    public string? WorkingDirectory { get; init; }
}
