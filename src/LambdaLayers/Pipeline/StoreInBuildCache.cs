using Amazon.Runtime;
using LambdaLayers.Packaging;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Pipeline;

/// <summary>
/// After PackageLayer wrote a layer.zip, shares it through the S3 build cache so the next machine with the same
/// inputs downloads it. Uploads only what is not there yet; a failure is a warning, never a failed build.
/// </summary>
public sealed class StoreInBuildCache(ILogger log, Func<LayerSettings, AwsConnection> connect, AwsRetryPolicy retry)
{
    /// <summary>The cache location, or null when storing failed.</summary>
    public async Task<string?> RunAsync(LayerSettings settings, PackageRecord report, CancellationToken ct)
    {
        try
        {
            using var cache = new LayerBuildCache(connect(settings), settings.Bucket!.Trim(), settings.Prefix, retry, log);
            var uploaded = await cache.StoreAsync(report.Fingerprint, settings.Layout.ZipPath, settings.Layout.PackageRecordPath, report, ct);
            if (!uploaded)
            {
                log.Information("The build cache already holds this layer at {Location}", cache.Location(report.Fingerprint));
            }
            return cache.Location(report.Fingerprint);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is LayerException or AmazonClientException or IOException)
        {
            log.Warning("The layer could not be stored in the build cache ({Reason}); the build itself is fine", e.Message);
            return null;
        }
    }
}
