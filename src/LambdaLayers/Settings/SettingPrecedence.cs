namespace LambdaLayers.Settings;

/// <summary>
/// Where a supplied value ranks among the sources of settings, lowest first. pyproject.toml ranks below all
/// three; a value supplied at a rank beats the resolver's own reading of that source.
/// </summary>
public enum SettingPrecedence
{
    /// <summary>A parameters file such as <c>.nuke/parameters.json</c>.</summary>
    ParametersFile,

    /// <summary>An environment variable.</summary>
    Environment,

    /// <summary>The command line, or code that sets the value.</summary>
    Explicit,
}
