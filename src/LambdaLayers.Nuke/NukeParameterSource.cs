using LambdaLayers.Settings;

namespace LambdaLayers.Nuke;

/// <summary>One place NUKE reads a parameter from, and the raw text it holds there.</summary>
/// <param name="Where">Which of NUKE's sources this is.</param>
/// <param name="Origin">As an error message names it: "the command line", "environment variable RUNTIME", ".nuke/parameters.json".</param>
/// <param name="RawValues">The text as given, before NUKE converts it to the member's type.</param>
internal sealed record NukeParameterSource(NukeParameterSource.Place Where, string Origin, IReadOnlyList<string> RawValues)
{
    public enum Place
    {
        CommandLine,
        Environment,
        ParametersFile,
    }

    /// <summary>Set when several environment variables name the parameter: NUKE then reads none of them.</summary>
    public IReadOnlyList<string>? ConflictingVariables { get; init; }

    public SettingPrecedence Precedence => Where switch
    {
        Place.CommandLine => SettingPrecedence.Explicit,
        Place.Environment => SettingPrecedence.Environment,
        _ => SettingPrecedence.ParametersFile,
    };
}
