using LambdaLayers.Pipeline;
using Nuke.Common;

namespace LambdaLayers.Nuke;

/// <summary>PublishLayer: publishes layer.zip as a new layer version when the live layer differs.</summary>
public interface IPublishLayer : IPackageLayer
{
    Target PublishLayer => _ => _
        .Description("Publishes layer.zip as a new Lambda layer version unless the live layer already matches")
        .DependsOn(PackageLayer)
        .Executes(async () => { await LayerTarget.RunAsync(this, PipelineStage.Publish); });
}
