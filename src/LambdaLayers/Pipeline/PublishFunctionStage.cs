using LambdaLayers.Execution;
using LambdaLayers.Packaging;
using LambdaLayers.Planning;
using LambdaLayers.Projects;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Pipeline;

/// <summary>
/// PublishFunction: uploads <c>function.zip</c> to S3 under its content-addressed key
/// <c>&lt;prefix&gt;/function/&lt;sha256&gt;.zip</c> (once: a key that holds it is not uploaded again), stores the
/// manifest beside it (fingerprint, the layer version of the same run, the source commit), and reports key, object
/// version and CodeSha256 for infrastructure code to consume. With <c>--function-name</c> it also points that
/// function's code at the object — never when the live code already has the same CodeSha256 — and waits for the
/// update to finish; with <c>--publish-version</c> it then publishes a version.
/// </summary>
public sealed class PublishFunctionStage(ILogger log, Func<LayerSettings, AwsConnection> connect, AwsRetryPolicy retry)
{
    public const string StageName = "PublishFunction";

    /// <summary>How often a code update in progress is looked at.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <param name="layerVersionArn">The layer version published (or found current) earlier in this run; null looks for the
    /// layer's publish.json of the current layer inputs.</param>
    public async Task<FunctionPublishRecord> RunAsync(LayerSettings settings, string? layerVersionArn, CancellationToken ct)
    {
        var bucket = RequireBucket(settings);
        var layout = settings.FunctionLayout;
        var inputs = FunctionInputs.Read(settings);
        var tool = await ToolProbe.ProbeAsync(settings.Tool, settings.Mode, ct);
        var fingerprint = FunctionFingerprint.Compute(inputs, tool?.VersionText).Value;
        var report = PackageRecord.TryRead(layout.PackageRecordPath);
        if (report is null || report.Fingerprint != fingerprint || !File.Exists(layout.ZipPath))
        {
            throw new LayerException(
                $"There is no function.zip for the current sources and settings at '{layout.ZipPath}' " +
                $"({(report is null ? "no function.json" : "function.json was written for other inputs")}): run PackageFunction first.");
        }
        var digest = await ZipDigest.ComputeAsync(layout.ZipPath, ct);
        if (digest.Sha256Hex != report.ZipSha256)
        {
            throw new LayerException($"'{layout.ZipPath}' is not the zip function.json records (it was changed after packaging): run PackageFunction again.");
        }

        var connection = connect(settings);
        using var s3 = new LayerS3Store(connection, log, retry: retry);
        var key = FunctionManifest.ZipKey(settings.Prefix, digest.Sha256Hex);
        var uploaded = await s3.EnsureZipAsync(bucket, key, layout.ZipPath, digest, fingerprint, ct);
        var objectVersion = await s3.VersionIdAsync(bucket, key, ct);
        var layerArn = layerVersionArn ?? LayerOfTheseInputs(settings);
        var commit = SourceCommit.Find(settings.ProjectDirectory);
        var manifest = new FunctionManifest
        {
            Sha256 = digest.Sha256Hex,
            CodeSha256 = digest.CodeSha256,
            Size = digest.Size,
            Fingerprint = fingerprint,
            S3Bucket = bucket,
            S3Key = key,
            S3ObjectVersion = objectVersion,
            LayerVersionArn = layerArn,
            SourceCommit = commit,
            Runtime = settings.Runtime.Name,
            Architecture = settings.Architecture.Name,
        };
        var manifestKey = FunctionManifest.Key(settings.Prefix, digest.Sha256Hex);
        if (await s3.PutRecordAsync(bucket, manifestKey, manifest.ToBytes(), ct))
        {
            log.Information("Stored the function manifest at s3://{Bucket}/{Key}", bucket, manifestKey);
        }

        var record = new FunctionPublishRecord
        {
            Result = FunctionPublishRecord.StoredResult,
            Reason = uploaded ? "function.zip uploaded; no --function-name to update" : "the key already holds function.zip; no --function-name to update",
            S3Bucket = bucket,
            S3Key = key,
            S3ObjectVersion = objectVersion,
            Uploaded = uploaded,
            Sha256 = digest.Sha256Hex,
            CodeSha256 = digest.CodeSha256,
            ZipBytes = digest.Size,
            Fingerprint = fingerprint,
            ManifestKey = manifestKey,
            LayerVersionArn = layerArn,
            SourceCommit = commit,
        };
        if (settings.FunctionName is { } functionName)
        {
            using var lambda = new LambdaLayerClient(connection.Credentials, connection.Region, connection.LambdaEndpoint, retry, log, connection.Transport?.Invoke());
            var deployer = new FunctionCodeDeployer(lambda, retry, log) { PollInterval = PollInterval };
            var (current, updated) = await deployer.DeployAsync(functionName, bucket, key, objectVersion, digest.CodeSha256, ct);
            record = record with
            {
                Result = updated ? FunctionPublishRecord.UpdatedResult : FunctionPublishRecord.UnchangedResult,
                Reason = updated
                    ? $"the code of {functionName} was updated to CodeSha256 {digest.CodeSha256}"
                    : $"{functionName} already runs CodeSha256 {digest.CodeSha256}; its code was not updated",
                FunctionName = current.FunctionName,
                FunctionArn = current.FunctionArn,
            };
            if (settings.PublishFunctionVersion)
            {
                var description = $"{FunctionFingerprint.DescriptionMarker}{fingerprint}" + (commit is null ? "" : $" commit {commit}");
                var version = await deployer.PublishVersionAsync(functionName, digest.CodeSha256, description, ct);
                record = record with { FunctionVersion = version.Version, FunctionVersionArn = version.FunctionArn };
            }
        }
        record.Write(layout.PublishRecordPath);
        log.Information("Function code: s3://{Bucket}/{Key}{Version}, CodeSha256 {CodeSha256}", bucket, key,
            objectVersion is null ? "" : $" (version {objectVersion})", digest.CodeSha256);
        return record;
    }

    /// <summary>The bucket PublishFunction uploads to; checked before PackageFunction runs in a run that goes on to publish.</summary>
    public static string RequireBucket(LayerSettings settings) =>
        string.IsNullOrWhiteSpace(settings.Bucket)
            ? throw new LayerSettingsException(LayerParameters.Bucket.Name,
                "PublishFunction uploads function.zip to S3 for Lambda and for infrastructure code to take it from: pass --bucket NAME " +
                "(or set bucket in [tool.lambda-layers]).")
            : settings.Bucket.Trim();

    // The layer version PublishLayer recorded for the current layer inputs, when there is one.
    private static string? LayerOfTheseInputs(LayerSettings settings)
    {
        try
        {
            if (!File.Exists(settings.ManifestPath) || !File.Exists(settings.Layout.PublishRecordPath))
            {
                return null;
            }
            var published = PublishRecord.Read(settings.Layout.PublishRecordPath);
            return published.Fingerprint == LayerFingerprint.Compute(settings).Value ? published.LayerVersionArn : null;
        }
        catch (Exception e) when (e is LayerException or System.Text.Json.JsonException or IOException)
        {
            return null;
        }
    }
}
