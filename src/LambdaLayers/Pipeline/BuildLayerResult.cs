namespace LambdaLayers.Pipeline;

/// <summary>The outcome of BuildLayer: built or skipped (and why), with the record now in build.json.</summary>
/// <param name="Record">What was built; when nothing was installed (the live layer is current, or layer.zip came
/// from the build cache) a record of the inputs with an empty <see cref="BuildRecord.ArtifactsHash"/>, not written to build.json.</param>
public sealed record BuildLayerResult(bool Skipped, string? SkipReason, BuildRecord Record, string ArtifactsDirectory, TimeSpan Duration)
{
    public string Fingerprint => Record.Fingerprint;

    public string ArtifactsHash => Record.ArtifactsHash;

    /// <summary>Where the result came from; a plain skip is <see cref="StageOutcome.Unchanged"/>.</summary>
    public StageOutcome Outcome { get; init; } = Skipped ? StageOutcome.Unchanged : StageOutcome.Ran;

    /// <summary>The S3 location (<c>s3://bucket/prefix/cache/fingerprint/</c>) the layer came from, with <see cref="StageOutcome.FromCache"/>.</summary>
    public string? CacheLocation { get; init; }
}
