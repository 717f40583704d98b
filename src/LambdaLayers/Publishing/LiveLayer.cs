namespace LambdaLayers.Publishing;

/// <summary>
/// What Lambda holds of a layer, as far as change detection needs it: the newest version, and that version in
/// full (with its CodeSha256) when its Description carries the fingerprint in question. Only the newest version
/// counts: an older one with the same fingerprint was superseded by something else and is not what is live.
/// Finding it costs one ListLayerVersions call per 50 versions, plus one GetLayerVersion when it matches.
/// </summary>
public sealed record LiveLayer(string LayerName, string Fingerprint, LayerVersion? Newest, LayerVersion? Matching)
{
    /// <summary>True when the newest live version was built from the same inputs.</summary>
    public bool IsCurrent => Matching is not null;

    public static async Task<LiveLayer> FindAsync(LambdaLayerClient lambda, string layerName, string fingerprint, CancellationToken ct)
    {
        var versions = await lambda.ListAllLayerVersionsAsync(layerName, ct);
        // The highest number, not the first listed: AWS lists newest first, but nothing promises it.
        var newest = versions.MaxBy(v => v.Version);
        var matching = newest is not null && LayerDescription.Carries(newest.Description, fingerprint)
            ? await lambda.GetLayerVersionAsync(layerName, newest.Version, ct)
            : null;
        return new LiveLayer(layerName, fingerprint, newest, matching);
    }

    /// <summary>Why the live layer is or is not current, in words for a log line or a record.</summary>
    public string Describe() => Newest is null
        ? $"layer {LayerName} has no version yet"
        : Matching is not null
            ? $"the newest version {Newest.Version} of {LayerName} carries fingerprint {Fingerprint}"
            : $"the newest version {Newest.Version} of {LayerName} was built from other inputs (fingerprint {LayerDescription.FingerprintOf(Newest.Description) ?? "none"})";
}
