using LambdaLayers.Pipeline;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;

namespace LambdaLayers.Reporting;

/// <summary>What one run of the function stages did: the settings, each stage's result and how long it took.</summary>
public sealed record FunctionRunSummary(LayerSettings Settings)
{
    public PackageFunctionResult? Package { get; init; }

    public FunctionPublishRecord? Deployment { get; init; }

    public IReadOnlyDictionary<string, TimeSpan> Durations { get; init; } = new Dictionary<string, TimeSpan>();
}
