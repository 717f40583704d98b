using LambdaLayers.Execution;
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
        // Ctrl-C, SIGTERM and SIGHUP while a stage runs stop the tool with its child processes (the container
        // executor removes its container) instead of ending the build with pip still running.
        using var signals = SignalCancellation.Listen();
        try
        {
            var run = LayerRuns.Of(build);
            await run.RunStageAsync(stage, signals.Token);
            if (!build.ExecutionPlan.Any(target => target.Status == ExecutionStatus.Scheduled && LayerTargetNames.Contains(target.Name)))
            {
                var report = LayerRunCompletion.Complete(run.Summary, ProcessEnvironment.Snapshot());
                Log.Information("{Summary}", report.ToText().Trim());
            }
        }
        catch (LayerException failure)
        {
            throw Fail(build, failure.Message, failure);
        }
        catch (OperationCanceledException cancelled) when (signals.Received is { } signal)
        {
            Log.Error("Cancelled.");
            throw Fail(build, $"Cancelled by {signal}.", cancelled);
        }
    }

    // The reason in NUKE's target table is the stage's own message (NUKE would put the exception's type first).
    // Function targets fail the same way.
    internal static LayerTargetException Fail(IHazLayer build, string reason, Exception cause)
    {
        build.ReportSummary(summary =>
        {
            summary["Reason"] = reason;
            return summary;
        });
        return new LayerTargetException(reason, cause);
    }
}
