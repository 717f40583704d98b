using Nuke.Common;

namespace LambdaLayers.Nuke;

/// <summary>BuildLayer: installs the project's dependencies into build/lambda/layer/artifacts/python.</summary>
public interface IBuildLayer : IHazLayer
{
    Target BuildLayer => _ => _
        .Description("Installs the Python project's dependencies into build/lambda/layer/artifacts/python")
        .Executes(() => LayerStages.BuildAsync(LayerSettings, CancellationToken.None));
}
