using System.Runtime.CompilerServices;
using LambdaLayers.Pipeline;
using LambdaLayers.Settings;
using Nuke.Common.Execution;

namespace LambdaLayers.Nuke;

/// <summary>
/// The pipeline run of each build instance (a matrix run: one pipeline per runtime × architecture entry, which is
/// a single pipeline for one runtime and one architecture). An interface cannot hold state, and PublishLayer runs three
/// targets that share one run: one resolution of the settings (<see cref="NukeSettings"/>, so all three see the same
/// values, read once) and one summary that collects each stage's result for the report after the last layer target.
/// The run starts when the first layer target runs, after the targets it depends on.
/// </summary>
internal static class LayerRuns
{
    private static readonly ConditionalWeakTable<IHazLayer, MatrixRun> Runs = new();

    public static MatrixRun Of(IHazLayer build) => Runs.GetValue(build, Start);

    /// <summary>The build's layer run when a layer target has started one (PublishFunction reads the layer version it published).</summary>
    public static MatrixRun? Existing(IHazLayer build) => Runs.TryGetValue(build, out var run) ? run : null;

    // Several runtimes or architectures (from parameters or set in ConfigureLayer) are one pipeline per entry.
    private static MatrixRun Start(IHazLayer build) =>
        new(build.LayerStages, LayerMatrix.Expand(NukeSettings.Of(build)), Serilog.Log.Logger, Goal(build));

    // The last layer target this build will run: with PublishLayer in the plan, BuildLayer already knows the live
    // layer may make building unnecessary (LayerRun prepares the stages with it before the first one).
    private static PipelineStage? Goal(IHazLayer build) => PipelineStage.All
        .Where(stage => NukeSettings.Scheduled(build, stage.TargetName))
        .MaxBy(stage => stage.Order);
}
