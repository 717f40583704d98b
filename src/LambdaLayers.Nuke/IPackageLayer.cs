using LambdaLayers.Pipeline;
using Nuke.Common;

namespace LambdaLayers.Nuke;

/// <summary>PackageLayer: writes the deterministic layer.zip from the built artifacts.</summary>
public interface IPackageLayer : IBuildLayer
{
    Target PackageLayer => _ => _
        .Description("Packages artifacts/ into a byte-reproducible layer.zip within Lambda's size limits")
        .DependsOn(BuildLayer)
        .Executes(async () => { await LayerTarget.RunAsync(this, PipelineStage.Package); });
}
