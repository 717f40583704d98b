using System.Diagnostics;
using LambdaLayers.FileSystem;
using LambdaLayers.Reporting;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Pipeline;

/// <summary>
/// One run of the pipeline while it happens: stages run one at a time, each announced and timed, and their
/// results collect in <see cref="Summary"/>. The CLI runs the stages up to a command in a loop
/// (<see cref="PipelineRunner"/>); a NUKE build runs one stage per target, in the order of its target graph.
/// Both announce, time and summarise through this class, so both routes print the same. Before the first stage
/// the stages are prepared with the run's goal (<see cref="ILayerStages.PrepareAsync"/>): with PublishLayer as the
/// goal a live layer that already carries the fingerprint is found there, and nothing is built at all.
/// </summary>
/// <param name="goal">The last stage this run will reach (the CLI's command; in NUKE the last layer target of the
/// execution plan). Null takes the first stage run as the goal, which never skips more than that stage would.</param>
public sealed class LayerRun(ILayerStages stages, LayerSettings settings, ILogger log, PipelineStage? goal = null)
{
    private readonly Dictionary<string, TimeSpan> durations = new();
    private bool prepared;

    public LayerSettings Settings { get; } = settings;

    /// <summary>How long a stage waits for another run working in the same build folder (<see cref="BuildFolderLock"/>).</summary>
    public TimeSpan? LockWait { get; init; }

    /// <summary>What the stages run so far did, with their durations.</summary>
    public LayerRunSummary Summary { get; private set; } = new(settings);

    public async Task RunStageAsync(PipelineStage stage, CancellationToken cancellationToken)
    {
        if (!prepared)
        {
            await stages.PrepareAsync(Settings, goal ?? stage, cancellationToken);
            prepared = true;
        }
        log.Information("▶ {Stage}", stage.TargetName);
        var clock = Stopwatch.StartNew();
        using var folderLock = await BuildFolderLock.AcquireAsync(Settings.Layout, log, LockWait, cancellationToken);
        // The stages log what they do (installing, packaging, the published ARN); the one line that ends a stage,
        // with its time and, when it had nothing to do, why, is written here only.
        string? skipReason;
        if (stage == PipelineStage.Build)
        {
            var build = await stages.BuildAsync(Settings, cancellationToken);
            Summary = Summary with { Build = build };
            skipReason = build.Skipped ? build.SkipReason : null;
        }
        else if (stage == PipelineStage.Package)
        {
            var package = await stages.PackageAsync(Settings, cancellationToken);
            Summary = Summary with { Package = package };
            skipReason = package.Skipped ? package.Reason : null;
        }
        else
        {
            Summary = Summary with { Deployment = await stages.PublishAsync(Settings, cancellationToken) };
            skipReason = null;
        }
        durations[stage.TargetName] = clock.Elapsed;
        Summary = Summary with { Durations = new Dictionary<string, TimeSpan>(durations) };
        if (skipReason is null)
        {
            log.Information("✔ {Stage} finished in {Seconds:0.0} s", stage.TargetName, clock.Elapsed.TotalSeconds);
        }
        else
        {
            log.Information("✔ {Stage} skipped in {Seconds:0.0} s: {Reason}", stage.TargetName, clock.Elapsed.TotalSeconds, skipReason);
        }
    }

    /// <summary>The entries of a matrix are prepared together (<see cref="ILayerStages.PrepareMatrixAsync"/>), not one by one.</summary>
    internal void MarkPrepared() => prepared = true;

    /// <summary>Records what PublishLayer did for this entry of a matrix, whose entries publish together.</summary>
    internal void RecordDeployment(Publishing.PublishRecord record, TimeSpan duration)
    {
        durations[PipelineStage.Publish.TargetName] = duration;
        Summary = Summary with { Deployment = record, Durations = new Dictionary<string, TimeSpan>(durations) };
    }
}
