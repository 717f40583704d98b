using System.Diagnostics;
using LambdaLayers.Reporting;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Pipeline;

/// <summary>
/// Runs the stages up to a requested one, in order, announcing each and logging its duration. Each stage
/// decides for itself whether it can skip, so running "publish" on an unchanged project costs three checks;
/// the stages are prepared first with the goal, so a publish whose live layer is current builds nothing at all.
/// </summary>
public sealed class PipelineRunner(ILayerStages stages, ILogger log)
{
    public async Task<LayerRunSummary> RunAsync(PipelineStage upTo, LayerSettings settings, CancellationToken cancellationToken)
    {
        var summary = new LayerRunSummary(settings);
        var durations = new Dictionary<string, TimeSpan>();
        // Before anything is built: with PublishLayer as the goal this is where a current live layer is found.
        await stages.PrepareAsync(settings, upTo, cancellationToken);
        foreach (var stage in PipelineStage.All.Where(s => s.Order <= upTo.Order))
        {
            log.Information("▶ {Stage}", stage.TargetName);
            var clock = Stopwatch.StartNew();
            // Each stage logs its own outcome (built, skipped and why, published ARN); this adds only the time.
            if (stage == PipelineStage.Build)
            {
                summary = summary with { Build = await stages.BuildAsync(settings, cancellationToken) };
            }
            else if (stage == PipelineStage.Package)
            {
                summary = summary with { Package = await stages.PackageAsync(settings, cancellationToken) };
            }
            else
            {
                summary = summary with { Deployment = await stages.PublishAsync(settings, cancellationToken) };
            }
            durations[stage.TargetName] = clock.Elapsed;
            log.Information("✔ {Stage} finished in {Seconds:0.0} s", stage.TargetName, clock.Elapsed.TotalSeconds);
        }
        return summary with { Durations = durations };
    }
}
