using System.Diagnostics;
using LambdaLayers.Reporting;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Pipeline;

/// <summary>
/// One run of the function stages while it happens, the sibling of <see cref="LayerRun"/>: each stage announced and
/// timed, results collected in <see cref="Summary"/>. The CLI runs the stages up to a command
/// (<see cref="RunUpToAsync"/>); a NUKE build runs one per target.
/// </summary>
public sealed class FunctionRun(IFunctionStages stages, LayerSettings settings, ILogger log)
{
    private readonly Dictionary<string, TimeSpan> durations = new();

    public LayerSettings Settings { get; } = settings;

    public FunctionRunSummary Summary { get; private set; } = new(settings);

    /// <param name="layerVersionArn">For PublishFunction: the layer version of the same run, if there was one.</param>
    public async Task RunStageAsync(FunctionStage stage, CancellationToken cancellationToken, string? layerVersionArn = null)
    {
        log.Information("▶ {Stage}", stage.TargetName);
        var clock = Stopwatch.StartNew();
        string? skipReason = null;
        if (stage == FunctionStage.Package)
        {
            var package = await stages.PackageAsync(Settings, cancellationToken);
            Summary = Summary with { Package = package };
            skipReason = package.Skipped ? package.Reason : null;
        }
        else
        {
            Summary = Summary with { Deployment = await stages.PublishAsync(Settings, layerVersionArn, cancellationToken) };
        }
        durations[stage.TargetName] = clock.Elapsed;
        Summary = Summary with { Durations = new Dictionary<string, TimeSpan>(durations) };
        // As for the layer: the one line that ends a stage, with why it had nothing to do.
        if (skipReason is null)
        {
            log.Information("✔ {Stage} finished in {Seconds:0.0} s", stage.TargetName, clock.Elapsed.TotalSeconds);
        }
        else
        {
            log.Information("✔ {Stage} skipped in {Seconds:0.0} s: {Reason}", stage.TargetName, clock.Elapsed.TotalSeconds, skipReason);
        }
    }

    /// <summary>Refuses, before any stage builds, a run whose last stage could not start: PublishFunction without a bucket.</summary>
    public void CheckGoal(FunctionStage goal)
    {
        if (goal == FunctionStage.Publish)
        {
            PublishFunctionStage.RequireBucket(Settings);
        }
    }

    /// <summary>Runs the stages up to <paramref name="upTo"/> in order and returns what they did.</summary>
    public async Task<FunctionRunSummary> RunUpToAsync(FunctionStage upTo, CancellationToken cancellationToken)
    {
        CheckGoal(upTo);
        foreach (var stage in FunctionStage.All.Where(s => s.Order <= upTo.Order))
        {
            await RunStageAsync(stage, cancellationToken);
        }
        return Summary;
    }
}
