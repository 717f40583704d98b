using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaLayers.Packaging;
using Serilog;

namespace LambdaLayers.Publishing;

/// <summary>
/// The S3 build cache: a packaged layer, <c>layer.zip</c> and its <c>layer.json</c>, kept under
/// <c>&lt;prefix&gt;/cache/&lt;fingerprint&gt;/</c> so another machine with the same inputs downloads it instead of
/// installing. Each object carries its SHA-256 in metadata and every download is checked against it, and
/// layer.json against the zip, so a corrupt or half-written entry is never used. The zip goes up once per content
/// (as <see cref="LayerS3Store.EnsureZipAsync"/> does it); layer.json is rewritten only when it describes another zip.
/// </summary>
public sealed class LayerBuildCache : IDisposable
{
    public const string ZipName = "layer.zip";
    public const string ReportName = "layer.json";

    /// <summary>On layer.json: the SHA-256 (hex) of the zip it describes.</summary>
    public const string ZipSha256MetadataKey = "zip-sha256";

    private readonly IAmazonS3 s3;
    private readonly LayerS3Store store;
    private readonly AwsRetryPolicy retry;
    private readonly ILogger log;

    public LayerBuildCache(AwsConnection connection, string bucket, string prefix, AwsRetryPolicy retry, ILogger log,
        long multipartThreshold = LayerS3Store.DefaultMultipartThreshold)
    {
        Bucket = bucket;
        Prefix = prefix;
        this.retry = retry;
        this.log = log;
        s3 = new AmazonS3Client(connection.Credentials, LayerS3Store.CreateConfig(connection, retry, retry.AttemptTimeout));
        store = new LayerS3Store(connection, log, multipartThreshold, retry: retry);
    }

    public string Bucket { get; }

    public string Prefix { get; }

    public static string Folder(string prefix, string fingerprint) =>
        string.IsNullOrEmpty(prefix.Trim('/')) ? $"cache/{fingerprint}" : $"{prefix.Trim('/')}/cache/{fingerprint}";

    public static string ZipKey(string prefix, string fingerprint) => $"{Folder(prefix, fingerprint)}/{ZipName}";

    public static string ReportKey(string prefix, string fingerprint) => $"{Folder(prefix, fingerprint)}/{ReportName}";

    /// <summary>"s3://bucket/prefix/cache/fingerprint/": where the entry for <paramref name="fingerprint"/> lives.</summary>
    public string Location(string fingerprint) => $"s3://{Bucket}/{Folder(Prefix, fingerprint)}/";

    /// <summary>
    /// Downloads the entry for <paramref name="fingerprint"/> into <paramref name="zipTarget"/> and
    /// <paramref name="reportTarget"/> (which must not exist) and verifies it. On anything but a hit the targets
    /// may hold partial data; the caller deletes them.
    /// </summary>
    public async Task<BuildCacheFetch> FetchAsync(string fingerprint, string zipTarget, string reportTarget, CancellationToken ct)
    {
        var zipKey = ZipKey(Prefix, fingerprint);
        var reportKey = ReportKey(Prefix, fingerprint);
        var zip = await GetAsync(zipKey, zipTarget, ct);
        if (zip is null)
        {
            return BuildCacheFetch.Miss;
        }
        if (zip.DeclaredSha256 is null)
        {
            return BuildCacheFetch.Invalid($"s3://{Bucket}/{zipKey} has no sha256 in its metadata", zipKey);
        }
        if (zip.Bytes != zip.DeclaredLength || !string.Equals(zip.Sha256, zip.DeclaredSha256, StringComparison.OrdinalIgnoreCase))
        {
            return BuildCacheFetch.Invalid(
                $"s3://{Bucket}/{zipKey} is corrupt or incomplete: {zip.Bytes:N0} bytes with SHA-256 {zip.Sha256}, its metadata says SHA-256 {zip.DeclaredSha256}", zipKey);
        }

        var report = await GetAsync(reportKey, reportTarget, ct);
        if (report is null)
        {
            // A writer stopped between the two objects (or is between them right now): the next package adds layer.json.
            return BuildCacheFetch.Invalid($"s3://{Bucket}/{reportKey} is missing next to the zip (an interrupted upload)");
        }
        if (report.DeclaredSha256 is null || !string.Equals(report.Sha256, report.DeclaredSha256, StringComparison.OrdinalIgnoreCase))
        {
            return BuildCacheFetch.Invalid($"s3://{Bucket}/{reportKey} is corrupt: its SHA-256 {report.Sha256} is not the one in its metadata ({report.DeclaredSha256 ?? "none"})", reportKey);
        }
        var parsed = PackageRecord.TryRead(reportTarget);
        if (parsed is null)
        {
            return BuildCacheFetch.Invalid($"s3://{Bucket}/{reportKey} is not a layer.json this version understands", reportKey);
        }
        if (parsed.Fingerprint != fingerprint || parsed.ZipSha256 != zip.Sha256 || parsed.ZipBytes != zip.Bytes)
        {
            return BuildCacheFetch.Invalid(
                $"s3://{Bucket}/{reportKey} describes another zip (fingerprint {parsed.Fingerprint}, SHA-256 {parsed.ZipSha256}) than the one stored beside it", reportKey);
        }
        return BuildCacheFetch.Hit(parsed);
    }

    /// <summary>
    /// Stores a packaged layer for <paramref name="fingerprint"/>: the zip unless the same bytes are there, then
    /// layer.json unless the one there already describes this zip. Returns whether anything was uploaded.
    /// </summary>
    public async Task<bool> StoreAsync(string fingerprint, string zipPath, string reportPath, PackageRecord report, CancellationToken ct)
    {
        var zipKey = ZipKey(Prefix, fingerprint);
        var reportKey = ReportKey(Prefix, fingerprint);
        var digest = await ZipDigest.ComputeAsync(zipPath, ct);
        if (digest.Sha256Hex != report.ZipSha256)
        {
            throw new LayerException($"layer.zip no longer matches layer.json (SHA-256 {digest.Sha256Hex}, recorded {report.ZipSha256}); not storing it in the build cache.");
        }
        var uploadedZip = await store.EnsureZipAsync(Bucket, zipKey, zipPath, digest, fingerprint, ct);
        var existing = await Guard(reportKey, () => HeadAsync(reportKey, ct), ct);
        if (!uploadedZip && existing is not null &&
            string.Equals(existing.Metadata[ZipSha256MetadataKey], digest.Sha256Hex, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var bytes = await File.ReadAllBytesAsync(reportPath, ct);
        await Guard(reportKey, async () =>
        {
            using var body = new MemoryStream(bytes, writable: false);
            var request = new PutObjectRequest { BucketName = Bucket, Key = reportKey, InputStream = body, ContentType = "application/json" };
            request.Metadata.Add(LayerS3Store.Sha256MetadataKey, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            request.Metadata.Add(ZipSha256MetadataKey, digest.Sha256Hex);
            request.Metadata.Add(LayerS3Store.FingerprintMetadataKey, fingerprint);
            await s3.PutObjectAsync(request, ct);
            return true;
        }, ct);
        log.Information("Stored layer.zip and layer.json in the build cache at {Location}", Location(fingerprint));
        return true;
    }

    /// <summary>Deletes an object that failed verification, so the next package replaces it instead of skipping the upload.</summary>
    public async Task RemoveAsync(string key, CancellationToken ct) =>
        await Guard(key, async () =>
        {
            await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key }, ct);
            return true;
        }, ct);

    /// <summary>One downloaded object: what arrived and what its metadata promised.</summary>
    private sealed record Download(long Bytes, string Sha256, long DeclaredLength, string? DeclaredSha256);

    // Streams an object to a file while hashing it. The request has the usual time limit; the body has one per
    // read, so a connection that stops sending in the middle of a large zip fails instead of hanging.
    private async Task<Download?> GetAsync(string key, string target, CancellationToken ct)
    {
        GetObjectResponse? response = await Guard(key, async () =>
        {
            try
            {
                return await s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, ct);
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode != "NoSuchBucket")
            {
                return null;
            }
        }, ct);
        if (response is null)
        {
            return null;
        }
        using (response)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
            long total = 0;
            try
            {
                await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                while (true)
                {
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    idle.CancelAfter(retry.AttemptTimeout);
                    // Disposing the response aborts its connection, which ends a read that ignores the token.
                    await using var abort = idle.Token.Register(response.Dispose);
                    int read;
                    try
                    {
                        read = await response.ResponseStream.ReadAsync(buffer, idle.Token);
                    }
                    catch (Exception ex) when (idle.IsCancellationRequested && !ct.IsCancellationRequested)
                    {
                        throw new LayerException(
                            $"S3 at {store.Endpoint} stopped sending s3://{Bucket}/{key} for {retry.AttemptTimeout.TotalSeconds:0.#} s after {total:N0} bytes.", ex);
                    }
                    if (read == 0)
                    {
                        break;
                    }
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                    total += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            var declared = response.Metadata[LayerS3Store.Sha256MetadataKey];
            return new Download(total, Convert.ToHexStringLower(hash.GetHashAndReset()), response.ContentLength,
                string.IsNullOrEmpty(declared) ? null : declared);
        }
    }

    private async Task<GetObjectMetadataResponse?> HeadAsync(string key, CancellationToken ct)
    {
        try
        {
            return await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, ct);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
    }

    private Task<T> Guard<T>(string key, Func<Task<T>> action, CancellationToken ct) =>
        LayerS3Store.Guard(Bucket, key, action, store.Endpoint, retry.AttemptTimeout, retry.MaxAttempts, ct);

    public void Dispose()
    {
        s3.Dispose();
        store.Dispose();
    }
}
