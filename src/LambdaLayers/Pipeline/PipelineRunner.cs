using System.Diagnostics;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Pipeline;

/// <summary>
/// Runs the stages up to a requested one, in order, announcing each and logging its duration. Each stage
/// decides for itself whether it can skip, so running "publish" on an unchanged project costs three checks.
/// </summary>
public sealed class PipelineRunner(ILayerStages stages, ILogger log)
{
    public async Task<LayerRunSummary> RunAsync(PipelineStage upTo, LayerSettings settings, CancellationToken cancellationToken)
    {
        var summary = new LayerRunSummary(settings);
        var durations = new Dictionary<string, TimeSpan>();
        foreach (var stage in PipelineStage.All.Where(s => s.Order <= upTo.Order))
        {
            log.Information("▶ {Stage}", stage.TargetName);
            var clock = Stopwatch.StartNew();
            string outcome;
            if (stage == PipelineStage.Build)
            {
                var result = await stages.BuildAsync(settings, cancellationToken);
                summary = summary with { Build = result };
                outcome = result.Skipped ? "skipped: " + result.SkipReason : "built";
            }
            else if (stage == PipelineStage.Package)
            {
                var result = await stages.PackageAsync(settings, cancellationToken);
                summary = summary with { Package = result };
                outcome = result.Skipped ? "skipped: " + result.Reason : "packaged";
            }
            else
            {
                var record = await stages.PublishAsync(settings, cancellationToken);
                summary = summary with { Deployment = record };
                outcome = $"{record.Result}: {record.Reason}";
            }
            durations[stage.TargetName] = clock.Elapsed;
            log.Information("✔ {Stage} finished in {Seconds:0.0} s ({Outcome})", stage.TargetName, clock.Elapsed.TotalSeconds, outcome);
        }
        return summary with { Durations = durations };
    }
}
