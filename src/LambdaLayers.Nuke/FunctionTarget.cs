using LambdaLayers.Execution;
using LambdaLayers.Pipeline;
using LambdaLayers.Reporting;
using LambdaLayers.Settings;
using Nuke.Common.Execution;
using Serilog;

namespace LambdaLayers.Nuke;

/// <summary>
/// The body of every function target: run this target's stage in the build's function run and, after the last
/// function target of the execution plan, report the run as the CLI does (summary, GitHub step summary and outputs).
/// PublishFunction hands the layer version of the same run, when a layer target published one, to the manifest.
/// </summary>
internal static class FunctionTarget
{
    private static readonly IReadOnlySet<string> FunctionTargetNames = FunctionStage.All.Select(s => s.TargetName).ToHashSet();

    public static async Task RunAsync(IHazFunction build, FunctionStage stage)
    {
        using var signals = SignalCancellation.Listen();
        try
        {
            var run = FunctionRuns.Of(build);
            if (build.ExecutionPlan.Any(target => target.Name == FunctionStage.Publish.TargetName && target.Status == ExecutionStatus.Scheduled))
            {
                run.CheckGoal(FunctionStage.Publish);
            }
            var layerVersion = LayerRuns.Existing(build)?.Entries is [var single] ? single.Summary.Deployment?.LayerVersionArn : null;
            await run.RunStageAsync(stage, signals.Token, layerVersion);
            if (!build.ExecutionPlan.Any(target => target.Status == ExecutionStatus.Scheduled && FunctionTargetNames.Contains(target.Name)))
            {
                var report = FunctionRunCompletion.Complete(run.Summary, ProcessEnvironment.Snapshot());
                Log.Information("{Summary}", report.ToText().Trim());
            }
        }
        catch (LayerException failure)
        {
            throw LayerTarget.Fail(build, failure.Message, failure);
        }
        catch (OperationCanceledException cancelled) when (signals.Received is { } signal)
        {
            Log.Error("Cancelled.");
            throw LayerTarget.Fail(build, $"Cancelled by {signal}.", cancelled);
        }
    }
}
