using Amazon.Runtime;
using LambdaLayers.Packaging;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Pipeline;

/// <summary>
/// Takes a packaged layer from the S3 build cache instead of installing: downloads layer.zip and layer.json for
/// the fingerprint into temporary files, verifies them (<see cref="LayerBuildCache.FetchAsync"/>), and only then
/// replaces the build folder's stale contents with them. The cache only ever saves time: an unreachable bucket,
/// missing credentials or a bad entry is a warning and the layer is built as usual; a bad entry is also deleted,
/// so the package that follows puts a good one in its place.
/// </summary>
public sealed class RestoreFromBuildCache(ILogger log, Func<LayerSettings, AwsConnection> connect, AwsRetryPolicy retry)
{
    /// <summary>The restored layer's report and where it came from, or null when the layer must be built.</summary>
    public async Task<(PackageRecord Report, string Location)?> RunAsync(LayerSettings settings, string fingerprint, CancellationToken ct)
    {
        var layout = settings.Layout;
        layout.EnsureBuildDirectoryIsSafe();
        Directory.CreateDirectory(layout.BuildDirectory);
        var zipTemporary = StaleTemporaryFiles.NewPath(layout, "layer.zip");
        var reportTemporary = StaleTemporaryFiles.NewPath(layout, "layer.json");
        try
        {
            using var cache = new LayerBuildCache(connect(settings), settings.Bucket!.Trim(), settings.Prefix, retry, log);
            var location = cache.Location(fingerprint);
            var fetched = await cache.FetchAsync(fingerprint, zipTemporary, reportTemporary, ct);
            if (!fetched.Found)
            {
                if (fetched.Problem is null)
                {
                    log.Information("The build cache has no layer for fingerprint {Fingerprint} ({Location}); building it", fingerprint, location);
                }
                else
                {
                    log.Warning("Ignoring the build cache entry: {Problem}. Building the layer instead; its package replaces the entry", fetched.Problem);
                    foreach (var key in fetched.BadKeys)
                    {
                        await RemoveQuietlyAsync(cache, key, ct);
                    }
                }
                return null;
            }

            // Verified: now the stale build (other inputs, or none) makes way. Only the build folder is touched.
            if (Directory.Exists(layout.ArtifactsDirectory))
            {
                Directory.Delete(layout.ArtifactsDirectory, recursive: true);
            }
            if (Directory.Exists(layout.RepoDirectory))
            {
                Directory.Delete(layout.RepoDirectory, recursive: true);
            }
            File.Delete(layout.BuildRecordPath);
            File.Move(zipTemporary, layout.ZipPath, overwrite: true);
            // The recorded write time is the one here, so the next run's change check does not re-hash the zip.
            var report = fetched.Report! with { ZipLastWriteUtc = File.GetLastWriteTimeUtc(layout.ZipPath) };
            report.Write(layout.PackageRecordPath);
            log.Information("Restored layer.zip ({Bytes} bytes, SHA-256 {Sha256}) and layer.json from the build cache at {Location}; nothing installed",
                report.ZipBytes, report.ZipSha256, location);
            return (report, location);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is LayerException or AmazonClientException or IOException or UnauthorizedAccessException)
        {
            log.Warning("The build cache could not be read ({Reason}); building the layer instead", e.Message);
            return null;
        }
        finally
        {
            TryDelete(zipTemporary);
            TryDelete(reportTemporary);
        }
    }

    private async Task RemoveQuietlyAsync(LayerBuildCache cache, string key, CancellationToken ct)
    {
        try
        {
            await cache.RemoveAsync(key, ct);
            log.Information("Deleted the bad cache object s3://{Bucket}/{Key}", cache.Bucket, key);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is LayerException or AmazonClientException)
        {
            log.Warning("Could not delete the bad cache object s3://{Bucket}/{Key} ({Reason}); it stays ignored", cache.Bucket, key, e.Message);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover temporary file is removed by the next run (StaleTemporaryFiles).
        }
    }
}
