namespace LambdaLayers.Pipeline;

/// <summary>The outcome of BuildLayer: built or skipped (and why), with the record now in build.json.</summary>
public sealed record BuildLayerResult(bool Skipped, string? SkipReason, BuildRecord Record, string ArtifactsDirectory, TimeSpan Duration)
{
    public string Fingerprint => Record.Fingerprint;

    public string ArtifactsHash => Record.ArtifactsHash;
}
