using LambdaLayers.Publishing;

namespace LambdaLayers.Pipeline;

/// <summary>
/// What one pipeline (one runtime × architecture entry) decided before its first stage, kept for its later
/// stages: the last stage it will run, the fingerprint, and the live layer version that already carries that
/// fingerprint when the goal is PublishLayer (then nothing needs building, packaging or publishing).
/// </summary>
public sealed record PipelinePlan(PipelineStage Goal, string Fingerprint, LayerVersion? LiveVersion)
{
    /// <summary>The layer whose version <see cref="LiveVersion"/> is, when it is not the settings' layer name (a matrix layer, <c>deps-arm64</c>).</summary>
    public string? LiveLayerName { get; init; }

    /// <summary>Set when a stage of this pipeline restored layer.zip from the build cache.</summary>
    public string? RestoredFrom { get; init; }

    /// <summary>The plan of a pipeline whose front end did not prepare it: each stage decides for itself, and only BuildLayer is assumed.</summary>
    public static PipelinePlan Unprepared(string fingerprint) => new(PipelineStage.Build, fingerprint, null);
}
