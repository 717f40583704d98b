using LambdaLayers.Publishing;
using LambdaLayers.Settings;

namespace LambdaLayers.Pipeline;

/// <summary>
/// The two function stages as the front ends (NUKE targets, CLI commands) call them, each skipping what is
/// unchanged. Front ends depend on this interface so their tests can check which stage a target calls.
/// </summary>
public interface IFunctionStages
{
    Task<PackageFunctionResult> PackageAsync(LayerSettings settings, CancellationToken cancellationToken);

    /// <param name="layerVersionArn">The layer version of the same run, recorded in the function's manifest; null when the run published no layer.</param>
    Task<FunctionPublishRecord> PublishAsync(LayerSettings settings, string? layerVersionArn, CancellationToken cancellationToken);
}
