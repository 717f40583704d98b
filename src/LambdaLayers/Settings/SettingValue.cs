namespace LambdaLayers.Settings;

/// <summary>A raw parameter value and where it came from, so errors can say which source to fix.</summary>
internal sealed record SettingValue(IReadOnlyList<string> Values, string Origin)
{
    public string Single => Values.Count == 0 ? "" : Values[^1];

    /// <summary>
    /// Set when the source holds a value that cannot be used (an encrypted secret only NUKE can decrypt): the
    /// error to report if this value is the one that would apply.
    /// </summary>
    public string? Refusal { get; init; }
}
