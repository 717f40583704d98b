using LambdaLayers.Building;
using LambdaLayers.Containers;
using LambdaLayers.Packaging;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Pipeline;

/// <summary>The production stages: BuildLayer, PackageLayer and PublishLayer of the core library.</summary>
public sealed class LayerStages(ILogger log) : ILayerStages
{
    public Task<BuildLayerResult> BuildAsync(LayerSettings settings, CancellationToken cancellationToken) =>
        new BuildLayerStage(log, _ => new ContainerExecutor(log)).RunAsync(settings, cancellationToken);

    public Task<PackageLayerResult> PackageAsync(LayerSettings settings, CancellationToken cancellationToken) =>
        new PackageLayerStage(log, _ => new ContainerExecutor(log)).RunAsync(settings, cancellationToken);

    public Task<DeploymentRecord> PublishAsync(LayerSettings settings, CancellationToken cancellationToken) =>
        new PublishLayerStage(log).RunAsync(settings, cancellationToken);
}
