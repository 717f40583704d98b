using LambdaLayers.Packaging;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Pipeline;

/// <summary>
/// PublishLayer: publishes <c>layer.zip</c> as a new Lambda layer version only when the live layer differs.
/// Order matters: the live layer is compared before anything is uploaded (or even required), so an unchanged
/// layer costs two read calls and no upload, also on a machine that never built it; the S3 manifests are
/// written once a version exists, and put back when a crash left a current version without them.
/// With <see cref="LayerSettings.Force"/> a new version is published whatever the live layer holds.
/// </summary>
public sealed class PublishLayerStage
{
    private readonly ILogger log;
    private readonly Func<LayerSettings, AwsConnection> connect;
    private readonly AwsRetryPolicy retry;
    private readonly TimeProvider clock;
    private readonly long multipartThreshold;

    /// <summary>Production: credentials, region and endpoints from the settings, environment and AWS profile files.</summary>
    public PublishLayerStage(ILogger log) : this(log, settings => new AwsConnectionResolver().Resolve(settings), AwsRetryPolicy.Default)
    {
    }

    /// <param name="connect">Resolves credentials, region and endpoints (tests point it at their fakes).</param>
    /// <param name="retry">Backoff and the clock it waits on (tests record waits instead of sleeping).</param>
    /// <param name="clock">Now, for retention by age.</param>
    /// <param name="multipartThreshold">Zips at least this large go to S3 in parts.</param>
    public PublishLayerStage(ILogger log, Func<LayerSettings, AwsConnection> connect, AwsRetryPolicy retry,
        TimeProvider? clock = null, long multipartThreshold = LayerS3Store.DefaultMultipartThreshold)
    {
        this.log = log;
        this.connect = connect;
        this.retry = retry;
        this.clock = clock ?? TimeProvider.System;
        this.multipartThreshold = multipartThreshold;
    }

    public Task<PublishRecord> RunAsync(LayerSettings settings, CancellationToken ct) => RunAsync(settings, knownLive: null, ct);

    /// <param name="knownLive">The newest live version, already found to carry this run's fingerprint before the
    /// pipeline started (<see cref="LayerStages.PrepareAsync"/>); null makes this stage ask Lambda itself.</param>
    public Task<PublishRecord> RunAsync(LayerSettings settings, LayerVersion? knownLive, CancellationToken ct) =>
        RunAsync(settings, LayerPublication.Single(settings, RequireLayerName(settings), LayerFingerprint.Compute(settings).Value), knownLive, ct);

    /// <summary>Publishes the zip of <paramref name="settings"/> as <paramref name="publication"/> (in a matrix: one layer for
    /// several entries with byte-identical zips) unless the newest version of that layer already carries its fingerprint.</summary>
    /// <param name="settings">The pipeline whose layer.zip (or build cache object) is published, and every publishing option.</param>
    /// <param name="knownLive">The newest version of the publication's layer, already found to carry its fingerprint; null asks Lambda.</param>
    public async Task<PublishRecord> RunAsync(LayerSettings settings, LayerPublication publication, LayerVersion? knownLive, CancellationToken ct)
    {
        RequireLayerName(settings);
        var layerName = publication.LayerName;
        var grants = settings.ShareWith.Select(LayerGrant.Parse).DistinctBy(g => g.StatementId).ToList();
        // The zip's own inputs (its build cache key) and what the Description carries: the same for a single layer.
        var fingerprint = LayerFingerprint.Compute(settings).Value;
        var marker = publication.Fingerprint;
        var zipPath = settings.Layout.ZipPath;
        // A zip that layer.json says was packaged from other inputs is left over from an earlier run: not this run's layer.
        var packagedFrom = PackageRecord.TryRead(settings.Layout.PackageRecordPath)?.Fingerprint;
        var zipIsOurs = File.Exists(zipPath) && (packagedFrom is null || packagedFrom == fingerprint);
        var digest = zipIsOurs ? await ZipDigest.ComputeAsync(zipPath, ct) : null;
        var bucket = string.IsNullOrWhiteSpace(settings.Bucket) ? null : settings.Bucket.Trim();
        if (bucket is null && digest is not null && digest.Size > LambdaLimits.DirectUploadZipBytes)
        {
            throw new LayerSettingsException("bucket",
                $"layer.zip is {digest.Size:N0} bytes, more than the {LambdaLimits.DirectUploadZipBytes:N0} bytes Lambda accepts inline: pass --bucket NAME so it is uploaded through S3.");
        }
        var description = LayerDescription.Compose(settings.Description, marker);
        var connection = connect(settings);
        log.Information("Publishing layer {Layer} in {Region} (zip {Sha256}, fingerprint {Fingerprint})",
            layerName, connection.Region, digest?.Sha256Hex ?? "not built", marker);

        using var lambda = new LambdaLayerClient(connection.Credentials, connection.Region, connection.LambdaEndpoint, retry, log, connection.Transport?.Invoke());
        // The live layer is compared first: when it is current, nothing is uploaded and no version is made.
        var live = knownLive is not null
            ? new LiveLayer(layerName, marker, knownLive, knownLive)
            : await LiveLayer.FindAsync(lambda, layerName, marker, ct);
        var highestKnown = live.Newest?.Version ?? 0;

        LayerVersion current;
        string result, reason;
        string? s3Key = null;
        var uploaded = false;
        IReadOnlyList<string> manifestKeys = [];
        var unchanged = live.Matching;
        if (!settings.Force && unchanged is not null && (digest is null || unchanged.CodeSha256 == digest.CodeSha256))
        {
            current = unchanged;
            result = PublishRecord.SkippedResult;
            reason = digest is null
                ? $"unchanged: the newest version {current.Version} carries fingerprint {marker}; nothing was built, packaged or uploaded"
                : $"unchanged: the newest version {current.Version} carries fingerprint {marker} and CodeSha256 {digest.CodeSha256}";
            log.Information("Layer {Layer} is unchanged; keeping version {Version} ({Arn})", layerName, current.Version, current.LayerVersionArn);
            if (bucket is not null && File.Exists(settings.ManifestPath))
            {
                // A run killed between publishing and storing the manifests leaves them missing: put them in place now.
                using var s3 = new LayerS3Store(connection, log, multipartThreshold, retry: retry);
                manifestKeys = await s3.RepairManifestAsync(bucket, publication.ManifestPrefix, current.Version, settings.ManifestPath, ct);
            }
        }
        else
        {
            if (digest is null)
            {
                throw new LayerException(
                    $"There is no layer zip for this build at '{zipPath}' and {live.Describe()}: run PackageLayer first.");
            }
            reason = settings.Force
                ? $"forced (--force); {live.Describe()}"
                : live.Newest is null
                    ? "first version of the layer"
                    : unchanged is not null
                        ? $"the newest version {unchanged.Version} carries this fingerprint but its code differs (CodeSha256 {unchanged.CodeSha256})"
                        : live.Describe();
            PublishLayerVersionRequest request;
            using var s3 = bucket is null ? null : new LayerS3Store(connection, log, multipartThreshold, retry: retry);
            if (s3 is not null)
            {
                // PackageLayer stored this very zip in the build cache: Lambda takes it from there instead of a second upload.
                var cached = LayerBuildCache.ZipKey(settings.Prefix, fingerprint);
                if (settings.UsesBuildCache && await s3.HoldsZipAsync(bucket!, cached, digest, ct))
                {
                    s3Key = cached;
                    log.Information("Publishing from the build cache object s3://{Bucket}/{Key}, which holds this zip", bucket, s3Key);
                }
                else
                {
                    s3Key = LayerS3Store.ZipKey(settings.Prefix, digest.Sha256Hex);
                    uploaded = await s3.EnsureZipAsync(bucket!, s3Key, zipPath, digest, fingerprint, ct);
                }
                request = NewRequest(settings, publication, description) with { S3Bucket = bucket, S3Key = s3Key };
            }
            else
            {
                request = NewRequest(settings, publication, description) with { ZipFile = await File.ReadAllBytesAsync(zipPath, ct) };
            }

            var publisher = new LayerVersionPublisher(lambda, retry, log);
            current = await publisher.PublishAsync(layerName, request, marker, digest.CodeSha256, highestKnown, ct);
            if (current.CodeSha256 != digest.CodeSha256)
            {
                throw new LayerException(
                    $"Lambda made version {current.Version} of '{layerName}' ({current.LayerVersionArn}) but reports CodeSha256 {current.CodeSha256}, " +
                    $"while layer.zip has {digest.CodeSha256}: the uploaded code is not this zip (was the S3 object replaced meanwhile?). " +
                    "Do not use that version; run PublishLayer again.");
            }
            result = PublishRecord.PublishedResult;
            log.Information("Published {Arn}", current.LayerVersionArn);
            if (s3 is not null && File.Exists(settings.ManifestPath))
            {
                manifestKeys = await s3.PutManifestAsync(bucket!, publication.ManifestPrefix, current.Version, settings.ManifestPath, ct);
            }
        }

        var granted = new List<string>();
        foreach (var grant in grants)
        {
            await GrantAsync(lambda, layerName, current.Version, grant, ct);
            granted.Add(grant.StatementId);
        }

        IReadOnlyList<long> deleted = [], wouldDelete = [];
        if (settings.Retain is { } policy)
        {
            (deleted, wouldDelete) = await ApplyRetentionAsync(lambda, layerName, policy, current.Version, ct);
        }

        var record = new PublishRecord
        {
            LayerName = layerName,
            LayerArn = current.EffectiveLayerArn,
            LayerVersionArn = current.LayerVersionArn,
            Version = current.Version,
            Result = result,
            Reason = reason,
            S3Bucket = s3Key is null ? null : bucket,
            S3Key = s3Key,
            Uploaded = uploaded,
            CodeSha256 = digest?.CodeSha256 ?? current.CodeSha256 ?? "",
            Sha256 = digest?.Sha256Hex ?? HexOfCodeSha256(current.CodeSha256),
            Fingerprint = marker,
            Description = current.Description ?? description,
            CompatibleRuntimes = current.CompatibleRuntimes.Count > 0 ? current.CompatibleRuntimes : publication.CompatibleRuntimes,
            CompatibleArchitectures = current.CompatibleArchitectures.Count > 0 ? current.CompatibleArchitectures : publication.CompatibleArchitectures,
            CreatedDate = current.CreatedDate,
            ManifestKeys = manifestKeys,
            Grants = granted,
            DeletedVersions = deleted,
            WouldDeleteVersions = wouldDelete,
        };
        record.Write(settings.Layout.PublishRecordPath);
        return record;
    }

    // Lambda reports the SHA-256 in base64; the record and S3 keys use hex.
    private static string HexOfCodeSha256(string? codeSha256)
    {
        try
        {
            return codeSha256 is null ? "" : Convert.ToHexStringLower(Convert.FromBase64String(codeSha256));
        }
        catch (FormatException)
        {
            return "";
        }
    }

    private static string RequireLayerName(LayerSettings settings)
    {
        var layerName = settings.LayerName?.Trim();
        return string.IsNullOrEmpty(layerName)
            ? throw new LayerSettingsException("layer-name",
                "PublishLayer needs a layer name: pass --layer-name NAME or set layer-name in [tool.lambda-layers].")
            : layerName;
    }

    private static PublishLayerVersionRequest NewRequest(LayerSettings settings, LayerPublication publication, string description) => new()
    {
        Description = description,
        CompatibleRuntimes = publication.CompatibleRuntimes,
        CompatibleArchitectures = publication.CompatibleArchitectures,
        LicenseInfo = string.IsNullOrWhiteSpace(settings.License) ? null : settings.License,
    };

    private async Task GrantAsync(LambdaLayerClient lambda, string layerName, long version, LayerGrant grant, CancellationToken ct)
    {
        try
        {
            await lambda.AddLayerVersionPermissionAsync(layerName, version, grant, ct);
            log.Information("Granted lambda:GetLayerVersion on version {Version} to {Principal} {Organization} ({StatementId})",
                version, grant.Principal, grant.OrganizationId ?? "", grant.StatementId);
        }
        catch (AwsRequestException ex) when (ex.ErrorCode == "ResourceConflictException")
        {
            // Statement ids are derived from the grantee, so a conflict means this very grant is in place.
            log.Information("Grant {StatementId} is already in place on version {Version}", grant.StatementId, version);
        }
    }

    private async Task<(IReadOnlyList<long> Deleted, IReadOnlyList<long> WouldDelete)> ApplyRetentionAsync(
        LambdaLayerClient lambda, string layerName, RetentionPolicy policy, long currentVersion, CancellationToken ct)
    {
        var versions = await lambda.ListAllLayerVersionsAsync(layerName, ct);
        var doomed = LayerRetention.SelectForDeletion(versions, policy, currentVersion, clock.GetUtcNow()).Select(v => v.Version).ToList();
        if (policy.DryRun)
        {
            foreach (var version in doomed)
            {
                log.Information("Retention (dry run) would delete version {Version} of {Layer}", version, layerName);
            }
            return ([], doomed);
        }
        foreach (var version in doomed)
        {
            await lambda.DeleteLayerVersionAsync(layerName, version, ct);
            log.Information("Retention deleted version {Version} of {Layer}", version, layerName);
        }
        return (doomed, []);
    }
}
