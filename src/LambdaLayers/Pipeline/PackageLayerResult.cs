using LambdaLayers.Packaging;

namespace LambdaLayers.Pipeline;

/// <summary>
/// The outcome of PackageLayer: whether it skipped, why it skipped or rebuilt (in words a log line can
/// carry), and the report of the layer.zip that is now current. The report is null only when nothing was
/// packaged here because the live layer already carries this fingerprint (<see cref="StageOutcome.LiveLayerCurrent"/>).
/// </summary>
public sealed record PackageLayerResult(bool Skipped, string Reason, PackageRecord? Report)
{
    /// <summary>Where the zip came from; a plain skip is <see cref="StageOutcome.Unchanged"/>.</summary>
    public StageOutcome Outcome { get; init; } = Skipped ? StageOutcome.Unchanged : StageOutcome.Ran;

    /// <summary>The S3 location the zip came from (with <see cref="StageOutcome.FromCache"/>) or was stored at (after packaging).</summary>
    public string? CacheLocation { get; init; }
}
