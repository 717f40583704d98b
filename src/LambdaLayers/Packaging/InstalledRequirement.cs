namespace LambdaLayers.Packaging;

/// <summary>
/// One <c>Requires-Dist</c> line: the required distribution's name and whether it only applies when an
/// extra is requested (its marker mentions <c>extra</c>), in which case nothing installed depends on it.
/// </summary>
public sealed record InstalledRequirement(string Name, bool ExtraOnly)
{
    public string NormalizedName => DistributionName.Normalize(Name);
}
