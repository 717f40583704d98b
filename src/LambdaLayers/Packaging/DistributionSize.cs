namespace LambdaLayers.Packaging;

/// <summary>
/// How much of the layer one distribution takes. Files that no kept RECORD lists are counted under
/// <see cref="LayerContents.UnownedName"/>.
/// </summary>
public sealed record DistributionSize(string Name, string? Version, long UnzippedBytes, long ZippedBytes, int Files);
