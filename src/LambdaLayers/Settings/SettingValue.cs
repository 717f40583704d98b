namespace LambdaLayers.Settings;

/// <summary>A raw parameter value and where it came from, so errors can say which source to fix.</summary>
internal sealed record SettingValue(IReadOnlyList<string> Values, string Origin)
{
    public string Single => Values.Count == 0 ? "" : Values[^1];
}
