using LambdaLayers.Packaging;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;

namespace LambdaLayers.Pipeline;

/// <summary>
/// The three stages as the front ends (NUKE targets, CLI commands) call them: one call per stage, each
/// skipping its work when its inputs are unchanged. Front ends depend on this interface so their tests can
/// check which stage a target calls and with what settings.
/// </summary>
public interface ILayerStages
{
    Task<BuildLayerResult> BuildAsync(LayerSettings settings, CancellationToken cancellationToken);

    Task<PackageLayerResult> PackageAsync(LayerSettings settings, CancellationToken cancellationToken);

    Task<DeploymentRecord> PublishAsync(LayerSettings settings, CancellationToken cancellationToken);
}
