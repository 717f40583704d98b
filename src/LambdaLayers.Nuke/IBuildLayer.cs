using LambdaLayers.Pipeline;
using Nuke.Common;

namespace LambdaLayers.Nuke;

/// <summary>BuildLayer: installs the project's dependencies into build/lambda/layer/artifacts/python.</summary>
public interface IBuildLayer : IHazLayer
{
    // A block body, so the lambda is a Func<Task> that NUKE awaits (an expression returning Task<T> would bind to
    // Executes<T>(Func<T>), which starts the work and moves on).
    Target BuildLayer => _ => _
        .Description("Installs the Python project's dependencies into build/lambda/layer/artifacts/python")
        .Executes(async () => { await LayerTarget.RunAsync(this, PipelineStage.Build); });
}
