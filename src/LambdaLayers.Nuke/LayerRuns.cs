using System.Runtime.CompilerServices;
using LambdaLayers.Pipeline;
using LambdaLayers.Settings;
using Nuke.Common.Execution;

namespace LambdaLayers.Nuke;

/// <summary>
/// The pipeline run of each build instance (a matrix run: one pipeline per runtime × architecture entry, which is
/// a single pipeline for one runtime and one architecture). An interface cannot hold state, and PublishLayer runs three targets
/// that share one run: one resolution of the settings (so all three see the same values, read once) and one
/// summary that collects each stage's result for the report after the last layer target. The run starts when
/// the first layer target runs, after the targets it depends on.
/// </summary>
internal static class LayerRuns
{
    private static readonly ConditionalWeakTable<IHazLayer, MatrixRun> Runs = new();

    public static MatrixRun Of(IHazLayer build) => Runs.GetValue(build, Start);

    private static MatrixRun Start(IHazLayer build)
    {
        var resolved = LayerSettingsResolver.Resolve(new SettingsSources
        {
            WorkingDirectory = build.RootDirectory,
            Supplied = NukeParameterValues.Of(build),
            // NUKE has read .nuke/parameters.json (and decrypted its secrets); its values are in Supplied.
            ReadParametersFile = false,
        });
        // What the build's code changes goes through the same checks as a parameter would, naming ConfigureLayer.
        var settings = LayerSettingsValidation.ValidateConfigured(resolved, build.ConfigureLayer(resolved));
        // Several runtimes or architectures (from parameters or set in ConfigureLayer) are one pipeline per entry.
        return new MatrixRun(build.LayerStages, LayerMatrix.Expand(settings), Serilog.Log.Logger, Goal(build));
    }

    // The last layer target this build will run: with PublishLayer in the plan, BuildLayer already knows the live
    // layer may make building unnecessary (LayerRun prepares the stages with it before the first one).
    private static PipelineStage? Goal(IHazLayer build) => PipelineStage.All
        .Where(stage => build.ExecutionPlan.Any(target => target.Name == stage.TargetName &&
                                                          target.Status is ExecutionStatus.Scheduled or ExecutionStatus.Running))
        .MaxBy(stage => stage.Order);
}
