using LambdaLayers.Settings;

namespace LambdaLayers.Publishing;

/// <summary>
/// One layer a run publishes (or finds current): its name, the fingerprint its Description carries, what it is
/// compatible with, and where its manifests go in S3. A single layer is the settings' layer name and fingerprint;
/// in a matrix it serves every entry whose layer.zip is byte-identical (<see cref="PublicationGroups"/>).
/// </summary>
/// <param name="LayerName">The Lambda layer name, with the matrix suffix when it has one (<c>deps-arm64</c>).</param>
/// <param name="Fingerprint">What the Description carries: the entry's fingerprint, or for several entries
/// <see cref="PublicationGroups.Marker"/> of theirs, so a later run knows exactly which inputs the version serves.</param>
/// <param name="CompatibleRuntimes">Written into the version.</param>
/// <param name="CompatibleArchitectures">Written into the version.</param>
/// <param name="ManifestPrefix">The S3 prefix of the versioned manifests: the settings' prefix, plus the suffix for a
/// suffixed layer, whose version numbers are its own.</param>
public sealed record LayerPublication(
    string LayerName,
    string Fingerprint,
    IReadOnlyList<string> CompatibleRuntimes,
    IReadOnlyList<string> CompatibleArchitectures,
    string ManifestPrefix)
{
    /// <summary>The matrix entries this layer serves ("python3.12-arm64"); empty for a single layer.</summary>
    public IReadOnlyList<string> Entries { get; init; } = [];

    /// <summary>The layer of a single pipeline: its name, fingerprint and compatible lists as set.</summary>
    public static LayerPublication Single(LayerSettings settings, string layerName, string fingerprint) =>
        new(layerName, fingerprint, settings.EffectiveCompatibleRuntimes, settings.EffectiveCompatibleArchitectures, settings.Prefix);
}
