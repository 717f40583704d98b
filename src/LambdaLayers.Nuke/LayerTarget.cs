using LambdaLayers.Pipeline;
using LambdaLayers.Reporting;
using LambdaLayers.Settings;
using Nuke.Common.Execution;
using Serilog;

namespace LambdaLayers.Nuke;

/// <summary>
/// The body of every layer target: run this target's stage in the build's run and, after the last layer
/// target of the execution plan, report the run as the CLI does (summary, GitHub step summary and outputs).
/// </summary>
internal static class LayerTarget
{
    private static readonly IReadOnlySet<string> LayerTargetNames = PipelineStage.All.Select(s => s.TargetName).ToHashSet();

    public static async Task RunAsync(IHazLayer build, PipelineStage stage)
    {
        try
        {
            var run = LayerRuns.Of(build);
            await run.RunStageAsync(stage, CancellationToken.None);
            if (!build.ExecutionPlan.Any(target => target.Status == ExecutionStatus.Scheduled && LayerTargetNames.Contains(target.Name)))
            {
                var report = LayerRunCompletion.Complete(run.Summary, ProcessEnvironment.Snapshot());
                Log.Information("{Summary}", report.ToText().Trim());
            }
        }
        catch (LayerException failure)
        {
            // The reason in NUKE's target table is the stage's own message (NUKE would put the exception's type first).
            build.ReportSummary(summary =>
            {
                summary["Reason"] = failure.Message;
                return summary;
            });
            throw new LayerTargetException(failure);
        }
    }
}
