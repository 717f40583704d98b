using LambdaLayers.Reporting;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Pipeline;

/// <summary>
/// Runs the stages up to a requested one, in order, announcing each and logging its duration. Each stage
/// decides for itself whether it can skip, so running "publish" on an unchanged project costs three checks;
/// the run prepares the stages with the goal first, so a publish whose live layer is current builds nothing at all.
/// </summary>
public sealed class PipelineRunner(ILayerStages stages, ILogger log)
{
    public async Task<LayerRunSummary> RunAsync(PipelineStage upTo, LayerSettings settings, CancellationToken cancellationToken)
    {
        var run = new LayerRun(stages, settings, log, upTo);
        foreach (var stage in PipelineStage.All.Where(s => s.Order <= upTo.Order))
        {
            await run.RunStageAsync(stage, cancellationToken);
        }
        return run.Summary;
    }

    /// <summary>Runs every entry of <paramref name="matrix"/> up to <paramref name="upTo"/> (<see cref="MatrixRun"/>).</summary>
    public async Task<LayerMatrixSummary> RunAsync(PipelineStage upTo, LayerMatrix matrix, CancellationToken cancellationToken)
    {
        var run = new MatrixRun(stages, matrix, log, upTo);
        foreach (var stage in PipelineStage.All.Where(s => s.Order <= upTo.Order))
        {
            await run.RunStageAsync(stage, cancellationToken);
        }
        return run.Summary;
    }
}
