using System.Collections.Concurrent;
using System.Diagnostics;
using LambdaLayers.Execution.Containers;
using LambdaLayers.Planning;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Pipeline;

/// <summary>
/// The production stages: BuildLayer, PackageLayer and PublishLayer of the core library, and what lets a fresh
/// machine skip them. Before the first stage, <see cref="PrepareAsync"/> asks Lambda (only when the goal is
/// PublishLayer) whether the newest live version already carries the fingerprint; then BuildLayer and
/// PackageLayer do nothing and PublishLayer reports that version. Otherwise, when a bucket is set, BuildLayer
/// and PackageLayer take a packaged layer from the S3 build cache instead of installing, and PackageLayer stores
/// what it packages there. <c>--force</c> turns all of that off.
/// </summary>
/// <remarks>
/// The decision is kept per pipeline, keyed by build folder, layer name and fingerprint, so one instance serves
/// several pipelines (matrix entries) and a NUKE build whose targets call one stage each. Nothing is global.
/// </remarks>
public sealed class LayerStages : ILayerStages
{
    private readonly ILogger log;
    private readonly Func<LayerSettings, AwsConnection> connect;
    private readonly AwsRetryPolicy retry;
    private readonly ConcurrentDictionary<string, PipelinePlan> plans = new(StringComparer.Ordinal);

    /// <summary>Production: credentials, region and endpoints from the settings, environment and AWS profile files.</summary>
    public LayerStages(ILogger log) : this(log, settings => new AwsConnectionResolver().Resolve(settings), AwsRetryPolicy.Default)
    {
    }

    /// <param name="connect">Resolves credentials, region and endpoints (tests and the benchmark point it at their fakes).</param>
    /// <param name="retry">Attempts, backoff and time limits of every AWS request.</param>
    public LayerStages(ILogger log, Func<LayerSettings, AwsConnection> connect, AwsRetryPolicy retry)
    {
        this.log = log;
        this.connect = connect;
        this.retry = retry;
    }

    public async Task PrepareAsync(LayerSettings settings, PipelineStage goal, CancellationToken cancellationToken)
    {
        // The fingerprint reads the lock file, so a missing one is reported here (ManifestFiles.Require).
        var fingerprint = LayerFingerprint.Compute(settings).Value;
        LayerVersion? live = null;
        if (goal == PipelineStage.Publish && !settings.Force)
        {
            live = await FindCurrentLiveVersionAsync(settings, fingerprint, cancellationToken);
        }
        plans[Key(settings, fingerprint)] = new PipelinePlan(goal, fingerprint, live);
    }

    public async Task<BuildLayerResult> BuildAsync(LayerSettings settings, CancellationToken cancellationToken)
    {
        var log = MatrixEntryLog.For(this.log, settings);
        var clock = Stopwatch.StartNew();
        var layout = settings.Layout;
        var plan = PlanOf(settings);
        if (plan.LiveVersion is not null)
        {
            var reason = LiveReason(plan, "install");
            return new BuildLayerResult(true, reason, InputsRecord(settings, plan.Fingerprint), layout.PythonDirectory, clock.Elapsed)
            {
                Outcome = StageOutcome.LiveLayerCurrent,
            };
        }
        // Only when the run goes on to package: BuildLayer on its own is asked for artifacts/, which a cached zip does not give.
        if (!settings.Force && plan.Goal.Order >= PipelineStage.Package.Order && !HasBuildOf(settings, plan.Fingerprint))
        {
            StaleTemporaryFiles.Remove(layout, log);
            // Only without artifacts/: beside a zip, a stale artifacts/ would be packaged over it by the next stage.
            if (!Directory.Exists(layout.ArtifactsDirectory) && CurrentLayerZip.Find(settings, plan.Fingerprint) is not null)
            {
                const string reason = "layer.zip and layer.json are current for this fingerprint (taken from the build cache earlier); nothing to install";
                return new BuildLayerResult(true, reason, InputsRecord(settings, plan.Fingerprint), layout.PythonDirectory, clock.Elapsed);
            }
            if (settings.UsesBuildCache && await new RestoreFromBuildCache(log, connect, retry).RunAsync(settings, plan.Fingerprint, cancellationToken) is { } restored)
            {
                plans[Key(settings, plan.Fingerprint)] = plan with { RestoredFrom = restored.Location };
                var reason = $"layer.zip and layer.json came from the build cache ({restored.Location}); nothing to install";
                return new BuildLayerResult(true, reason, InputsRecord(settings, plan.Fingerprint), layout.PythonDirectory, clock.Elapsed)
                {
                    Outcome = StageOutcome.FromCache,
                    CacheLocation = restored.Location,
                };
            }
        }
        return await new BuildLayerStage(log, _ => new ContainerExecutor(log)).RunAsync(settings, cancellationToken);
    }

    public async Task<PackageLayerResult> PackageAsync(LayerSettings settings, CancellationToken cancellationToken)
    {
        var log = MatrixEntryLog.For(this.log, settings);
        var layout = settings.Layout;
        StaleTemporaryFiles.Remove(layout, log);
        var plan = PlanOf(settings);
        if (plan.LiveVersion is not null)
        {
            var reason = LiveReason(plan, "package");
            return new PackageLayerResult(true, reason, CurrentLayerZip.Find(settings, plan.Fingerprint)) { Outcome = StageOutcome.LiveLayerCurrent };
        }
        if (!settings.Force && !Directory.Exists(layout.PythonDirectory))
        {
            // No artifacts/ to package: a zip restored from the build cache is the layer, or the cache has one.
            if (CurrentLayerZip.Find(settings, plan.Fingerprint) is { } current)
            {
                var fromCache = plan.RestoredFrom is not null;
                var reason = fromCache
                    ? $"layer.zip came from the build cache ({plan.RestoredFrom})"
                    : "layer.zip and layer.json are current for this fingerprint (taken from the build cache earlier)";
                return new PackageLayerResult(true, reason, current)
                {
                    Outcome = fromCache ? StageOutcome.FromCache : StageOutcome.Unchanged,
                    CacheLocation = plan.RestoredFrom,
                };
            }
            if (settings.UsesBuildCache && await new RestoreFromBuildCache(log, connect, retry).RunAsync(settings, plan.Fingerprint, cancellationToken) is { } restored)
            {
                plans[Key(settings, plan.Fingerprint)] = plan with { RestoredFrom = restored.Location };
                var reason = $"layer.zip came from the build cache ({restored.Location})";
                return new PackageLayerResult(true, reason, restored.Report) { Outcome = StageOutcome.FromCache, CacheLocation = restored.Location };
            }
        }
        var result = await new PackageLayerStage(log, _ => new ContainerExecutor(log)).RunAsync(settings, cancellationToken);
        if (!result.Skipped && settings.UsesBuildCache && result.Report is { } report)
        {
            result = result with { CacheLocation = await new StoreInBuildCache(log, connect, retry).RunAsync(settings, report, cancellationToken) };
        }
        return result;
    }

    public async Task<PublishRecord> PublishAsync(LayerSettings settings, CancellationToken cancellationToken)
    {
        var plan = PlanOf(settings);
        var record = await new PublishLayerStage(MatrixEntryLog.For(log, settings), connect, retry).RunAsync(settings, plan.LiveVersion, cancellationToken);
        // The decision served this run; a later run on the same instance asks Lambda again.
        plans.TryRemove(Key(settings, plan.Fingerprint), out _);
        return record;
    }

    public async Task PrepareMatrixAsync(LayerMatrix matrix, PipelineStage goal, CancellationToken cancellationToken)
    {
        if (!matrix.IsMatrix)
        {
            await PrepareAsync(matrix.Entries[0], goal, cancellationToken);
            return;
        }
        var entries = matrix.Entries;
        // The fingerprint reads the lock file, so a missing one is reported here (ManifestFiles.Require).
        var fingerprints = entries.Select(entry => LayerFingerprint.Compute(entry).Value).ToArray();
        var serving = new (string LayerName, LayerVersion Version)?[entries.Count];
        if (goal == PipelineStage.Publish && !matrix.Settings.Force)
        {
            var layerName = RequireLayerName(matrix.Settings);
            var connection = connect(matrix.Settings);
            using var lambda = new LambdaLayerClient(connection.Credentials, connection.Region, connection.LambdaEndpoint, retry, log, connection.Transport?.Invoke());
            var local = entries.Select((entry, i) => CurrentLayerZip.Find(entry, fingerprints[i])?.CodeSha256).ToArray();
            serving = [.. await MatrixLiveLayers.FindAsync(lambda, matrix, layerName, fingerprints, local, log, cancellationToken)];
            log.Information("Checked the live layers before building: {Current} of {Count} entries are published from these inputs",
                serving.Count(s => s is not null), entries.Count);
        }
        for (var i = 0; i < entries.Count; i++)
        {
            plans[Key(entries[i], fingerprints[i])] = new PipelinePlan(goal, fingerprints[i], serving[i]?.Version) { LiveLayerName = serving[i]?.LayerName };
        }
    }

    public async Task<IReadOnlyList<PublishRecord>> PublishMatrixAsync(LayerMatrix matrix, CancellationToken cancellationToken)
    {
        if (!matrix.IsMatrix)
        {
            return [await PublishAsync(matrix.Entries[0], cancellationToken)];
        }
        var entries = matrix.Entries;
        var layerName = RequireLayerName(matrix.Settings);
        var entryPlans = entries.Select(PlanOf).ToArray();
        var fingerprints = entryPlans.Select(p => p.Fingerprint).ToArray();
        var zips = entries.Select((entry, i) => CurrentLayerZip.Find(entry, fingerprints[i])).ToArray();
        // Which entries share a layer is decided by their zips' bytes: packaged here, or vouched for by the live version
        // that serves the entry (its Description names exactly these inputs, its CodeSha256 is their zip).
        var zipSha256 = new string[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            zipSha256[i] = zips[i]?.ZipSha256 ?? HexOf(entryPlans[i].LiveVersion?.CodeSha256)
                ?? throw new MatrixEntryException(entries[i],
                    new LayerException($"There is no layer zip for this build at '{entries[i].Layout.ZipPath}' and no live layer serves it: run PackageLayer first."));
        }
        var groups = PublicationGroups.Plan(matrix, layerName, fingerprints, zipSha256);
        foreach (var group in groups.Where(g => g.Members.Count > 1))
        {
            log.Information("{Entries} have a byte-identical layer.zip: one layer {Layer} serves them", string.Join(", ", group.Publication.Entries), group.Publication.LayerName);
        }

        var records = new PublishRecord[entries.Count];
        foreach (var group in groups)
        {
            var publication = group.Publication;
            var members = group.Members;
            int? source = members.Where(i => zips[i] is not null).Select(i => (int?)i).FirstOrDefault();
            // Known current when every entry of the layer was found served by the newest version of this very layer.
            var known = entryPlans[members[0]] is { LiveVersion: { } first } firstPlan && firstPlan.LiveLayerName == publication.LayerName &&
                        LayerDescription.Carries(first.Description, publication.Fingerprint) &&
                        members.All(i => entryPlans[i].LiveLayerName == publication.LayerName && entryPlans[i].LiveVersion?.Version == first.Version)
                ? first
                : null;
            if (known is null && source is null)
            {
                known = await CurrentVersionAsync(matrix.Settings, publication, zipSha256[members[0]], cancellationToken);
                if (known is null)
                {
                    // Every entry of this layer is served by versions of other layers (the zips grouped differently then):
                    // this layer needs a zip, so the first entry is built and packaged after all.
                    source = members[0];
                    var entry = entries[members[0]];
                    log.Information("{Layer} needs a new version and no entry of it was packaged here: packaging {Entry}", publication.LayerName, entry.MatrixEntry);
                    plans[Key(entry, fingerprints[members[0]])] = entryPlans[members[0]] with { LiveVersion = null, LiveLayerName = null, Goal = PipelineStage.Package };
                    await BuildAsync(entry, cancellationToken);
                    await PackageAsync(entry, cancellationToken);
                }
            }
            var publisher = entries[source ?? members[0]];
            PublishRecord record;
            try
            {
                record = await new PublishLayerStage(MatrixEntryLog.For(log, publisher), connect, retry).RunAsync(publisher, publication, known, cancellationToken);
            }
            catch (LayerException failure) when (failure is not MatrixEntryException)
            {
                throw new MatrixEntryException(publisher, failure);
            }
            foreach (var member in members)
            {
                records[member] = record;
                if (member != (source ?? members[0]))
                {
                    record.Write(entries[member].Layout.PublishRecordPath);
                }
            }
        }
        MatrixPublishRecord.Of(matrix, records).Write(matrix.Layout.PublishRecordPath);
        for (var i = 0; i < entries.Count; i++)
        {
            // The decisions served this run; a later run on the same instance asks Lambda again.
            plans.TryRemove(Key(entries[i], fingerprints[i]), out _);
        }
        return records;
    }

    // The newest version of the publication's layer when it carries the publication's fingerprint and zip; else null.
    private async Task<LayerVersion?> CurrentVersionAsync(LayerSettings settings, LayerPublication publication, string zipSha256, CancellationToken ct)
    {
        var connection = connect(settings);
        using var lambda = new LambdaLayerClient(connection.Credentials, connection.Region, connection.LambdaEndpoint, retry, log, connection.Transport?.Invoke());
        var live = await LiveLayer.FindAsync(lambda, publication.LayerName, publication.Fingerprint, ct);
        return live.Matching is { } matching && HexOf(matching.CodeSha256) == zipSha256 ? matching : null;
    }

    // Lambda reports a zip's SHA-256 in base64; layer.json and the grouping use hex.
    private static string? HexOf(string? codeSha256)
    {
        try
        {
            return codeSha256 is null ? null : Convert.ToHexStringLower(Convert.FromBase64String(codeSha256));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string LiveReason(PipelinePlan plan, string work) => plan.LiveLayerName is { } layer
        ? $"the live version {plan.LiveVersion!.Version} of {layer} was published from these inputs: nothing to {work}"
        : $"the live layer version {plan.LiveVersion!.Version} already carries fingerprint {plan.Fingerprint}: nothing to {work}";

    private static string RequireLayerName(LayerSettings settings)
    {
        var layerName = settings.LayerName?.Trim();
        return string.IsNullOrEmpty(layerName)
            ? throw new LayerSettingsException("layer-name",
                "PublishLayer needs a layer name: pass --layer-name NAME or set layer-name in [tool.lambda-layers].")
            : layerName;
    }

    // The newest live version when it carries this fingerprint and nothing here contradicts it; else null.
    private async Task<LayerVersion?> FindCurrentLiveVersionAsync(LayerSettings settings, string fingerprint, CancellationToken ct)
    {
        var layerName = RequireLayerName(settings);
        var connection = connect(settings);
        using var lambda = new LambdaLayerClient(connection.Credentials, connection.Region, connection.LambdaEndpoint, retry, log, connection.Transport?.Invoke());
        var live = await LiveLayer.FindAsync(lambda, layerName, fingerprint, ct);
        if (live.Matching is not { } matching)
        {
            log.Information("Checked the live layer before building: {State}", live.Describe());
            return null;
        }
        // A zip packaged here from the same inputs but with other bytes is this run's layer: PublishLayer compares it.
        if (CurrentLayerZip.Find(settings, fingerprint) is { } local && local.CodeSha256 != matching.CodeSha256)
        {
            log.Information("The newest live version {Version} carries this fingerprint, but layer.zip here has other bytes; PublishLayer will compare them",
                matching.Version);
            return null;
        }
        log.Information("The live layer is current: version {Version} ({Arn}) carries fingerprint {Fingerprint}; nothing to build, package or publish",
            matching.Version, matching.LayerVersionArn, fingerprint);
        return matching;
    }

    private PipelinePlan PlanOf(LayerSettings settings)
    {
        var fingerprint = LayerFingerprint.Compute(settings).Value;
        return plans.TryGetValue(Key(settings, fingerprint), out var plan) ? plan : PipelinePlan.Unprepared(fingerprint);
    }

    private static string Key(LayerSettings settings, string fingerprint) =>
        $"{settings.Layout.BuildDirectory}\n{settings.LayerName}\n{fingerprint}";

    // A build.json for these inputs with artifacts/ beside it: BuildLayerStage decides whether it is still intact.
    private static bool HasBuildOf(LayerSettings settings, string fingerprint) =>
        BuildRecord.TryRead(settings.Layout.BuildRecordPath)?.Fingerprint == fingerprint && Directory.Exists(settings.Layout.ArtifactsDirectory);

    // What BuildLayer reports when it installed nothing: the inputs, and no artifacts.
    private static BuildRecord InputsRecord(LayerSettings settings, string fingerprint) => new(
        fingerprint, "", settings.Tool.ToString().ToLowerInvariant(), settings.Runtime.Name, settings.Architecture.Name,
        settings.Mode.Name(), DateTimeOffset.UtcNow);
}
