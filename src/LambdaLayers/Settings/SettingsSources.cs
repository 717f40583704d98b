namespace LambdaLayers.Settings;

/// <summary>
/// The inputs of settings resolution besides pyproject.toml: values given explicitly (command line, code),
/// values a front end supplies with their own origin, the environment, and the folder to start from. Keys of
/// <see cref="Explicit"/> are parameter names in any spelling NUKE accepts.
/// </summary>
public sealed record SettingsSources
{
    /// <summary>Values given on the command line; errors name their origin "the command line".</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Explicit { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Values a front end found itself, each with its origin and rank (a NUKE build's parameters).</summary>
    public IReadOnlyList<SuppliedSetting> Supplied { get; init; } = [];

    /// <summary>Environment variables; null reads the process environment.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Where a relative --project starts; null is the current folder.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// Whether the resolver reads <c>.nuke/parameters.json</c> itself, from the nearest folder at or above the
    /// project that holds <c>.nuke</c> (the CLI). A NUKE build passes false: NUKE has read the file, decrypted
    /// its secrets and bound its values, which arrive in <see cref="Supplied"/>.
    /// </summary>
    public bool ReadParametersFile { get; init; } = true;

    /// <summary>
    /// Whether the tool's lock or requirements file must exist. Layer runs need it; a run of the function stages
    /// alone does not (PackageFunction builds the project itself, and asks for the lock file only when it bundles
    /// the dependencies).
    /// </summary>
    public bool RequireManifest { get; init; } = true;
}
