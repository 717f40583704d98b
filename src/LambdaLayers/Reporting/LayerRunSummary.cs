using LambdaLayers.Packaging;
using LambdaLayers.Pipeline;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;

namespace LambdaLayers.Reporting;

/// <summary>What one run of the pipeline did: the settings, each stage's result and how long it took.</summary>
public sealed record LayerRunSummary(LayerSettings Settings)
{
    public BuildLayerResult? Build { get; init; }

    public PackageLayerResult? Package { get; init; }

    public PublishRecord? Deployment { get; init; }

    public IReadOnlyDictionary<string, TimeSpan> Durations { get; init; } = new Dictionary<string, TimeSpan>();
}
