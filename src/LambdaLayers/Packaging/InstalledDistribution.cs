namespace LambdaLayers.Packaging;

/// <summary>
/// One installed distribution found as a <c>*.dist-info</c> folder in <c>artifacts/python</c>: its name,
/// the requirements it declares, the files its RECORD lists (as tree-relative paths) and its console scripts.
/// </summary>
public sealed record InstalledDistribution(
    string Name,
    string? Version,
    string DistInfoFolder,
    IReadOnlyList<InstalledRequirement> Requires,
    IReadOnlyList<string> RecordedFiles,
    IReadOnlyList<string> ScriptNames)
{
    public string NormalizedName => DistributionName.Normalize(Name);
}
