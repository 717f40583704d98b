using System.Globalization;
using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Serilog;

namespace LambdaLayers.Publishing;

/// <summary>
/// The layer's S3 side: the zip under a content-addressed key (<c>&lt;prefix&gt;/layer/&lt;sha256&gt;.zip</c>,
/// uploaded only when no object with that hash is there, multipart when large) and, after a publish, the
/// manifest under <c>&lt;prefix&gt;/layer/000007/</c> and as <c>&lt;prefix&gt;/layer/last-&lt;manifest&gt;</c>,
/// written by plain PUTs (no CopyObject, which some S3 emulators get wrong).
/// </summary>
public sealed class LayerS3Store : IDisposable
{
    public const string Sha256MetadataKey = "sha256";
    public const string FingerprintMetadataKey = "fingerprint";

    /// <summary>Zips at least this large are uploaded in parts.</summary>
    public const long DefaultMultipartThreshold = 16 * 1024 * 1024;

    private readonly IAmazonS3 s3;
    private readonly ILogger log;
    private readonly long multipartThreshold;
    private readonly long partSize;

    public LayerS3Store(AwsConnection connection, ILogger log, long multipartThreshold = DefaultMultipartThreshold, long partSize = 8 * 1024 * 1024)
    {
        s3 = new AmazonS3Client(connection.Credentials, CreateConfig(connection));
        this.log = log;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
    }

    /// <summary>
    /// Overridden endpoints (LocalStack, MinIO, s3rver) get path-style addressing; checksums are only sent
    /// and checked where S3 requires them, since emulators do not all understand the newer flexible checksums.
    /// </summary>
    public static AmazonS3Config CreateConfig(AwsConnection connection)
    {
        var config = new AmazonS3Config
        {
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (connection.S3Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = connection.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(connection.Region);
        }
        return config;
    }

    public static string LayerFolder(string prefix) =>
        string.IsNullOrEmpty(prefix.Trim('/')) ? "layer" : $"{prefix.Trim('/')}/layer";

    public static string ZipKey(string prefix, string sha256Hex) => $"{LayerFolder(prefix)}/{sha256Hex}.zip";

    public static string VersionManifestKey(string prefix, long version, string manifestName) =>
        $"{LayerFolder(prefix)}/{version.ToString("D6", CultureInfo.InvariantCulture)}/{manifestName}";

    public static string LastManifestKey(string prefix, string manifestName) => $"{LayerFolder(prefix)}/last-{manifestName}";

    /// <summary>Uploads the zip unless an object with the same SHA-256 is already at its key; returns whether it uploaded.</summary>
    public async Task<bool> EnsureZipAsync(string bucket, string key, string zipPath, ZipDigest digest, string fingerprint, CancellationToken ct)
    {
        var existing = await Guard(bucket, key, () => HeadAsync(bucket, key, ct));
        if (existing is not null &&
            string.Equals(existing.Metadata[Sha256MetadataKey], digest.Sha256Hex, StringComparison.OrdinalIgnoreCase) &&
            existing.ContentLength == digest.Size)
        {
            log.Information("s3://{Bucket}/{Key} already holds this zip; not uploading again", bucket, key);
            return false;
        }

        var parts = digest.Size >= multipartThreshold ? (digest.Size + partSize - 1) / partSize : 1;
        log.Information("Uploading {Size} bytes to s3://{Bucket}/{Key} in {Parts} part(s)", digest.Size, bucket, key, parts);
        var request = new TransferUtilityUploadRequest
        {
            BucketName = bucket,
            Key = key,
            FilePath = zipPath,
            ContentType = "application/zip",
            PartSize = partSize,
        };
        request.Metadata.Add(Sha256MetadataKey, digest.Sha256Hex);
        request.Metadata.Add(FingerprintMetadataKey, fingerprint);
        // A long upload reports each tenth done, so the log shows it moving without a line per part.
        var reportedTenths = 0;
        var progressGate = new Lock();
        request.UploadProgressEvent += (_, progress) =>
        {
            lock (progressGate)
            {
                if (progress.PercentDone / 10 <= reportedTenths)
                {
                    return;
                }
                reportedTenths = progress.PercentDone / 10;
            }
            log.Information("Uploaded {Percent}% ({Transferred} of {Total} bytes)", progress.PercentDone, progress.TransferredBytes, progress.TotalBytes);
        };
        using var transfer = new TransferUtility(s3, new TransferUtilityConfig { MinSizeBeforePartUpload = multipartThreshold });
        await Guard(bucket, key, async () =>
        {
            await transfer.UploadAsync(request, ct);
            return true;
        });
        return true;
    }

    /// <summary>Stores the manifest for <paramref name="version"/> and as the last one; returns the keys written.</summary>
    public async Task<IReadOnlyList<string>> PutManifestAsync(string bucket, string prefix, long version, string manifestPath, CancellationToken ct)
    {
        var name = Path.GetFileName(manifestPath);
        var bytes = await File.ReadAllBytesAsync(manifestPath, ct);
        var keys = new[] { VersionManifestKey(prefix, version, name), LastManifestKey(prefix, name) };
        foreach (var key in keys)
        {
            await Guard(bucket, key, async () =>
            {
                using var body = new MemoryStream(bytes, writable: false);
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body, ContentType = "text/plain" }, ct);
                return true;
            });
            log.Information("Stored {Manifest} at s3://{Bucket}/{Key}", name, bucket, key);
        }
        return keys;
    }

    private async Task<GetObjectMetadataResponse?> HeadAsync(string bucket, string key, CancellationToken ct)
    {
        try
        {
            return await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, ct);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode != "NoSuchBucket")
        {
            // A missing object, or a missing bucket (HEAD has no body to tell them apart): the upload says which.
            return null;
        }
    }

    // Turns S3's failures into messages that name the bucket and say what to do.
    private static async Task<T> Guard<T>(string bucket, string key, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (AmazonS3Exception ex)
        {
            var said = string.IsNullOrEmpty(ex.Message) ? ex.ErrorCode : ex.Message;
            var requestId = string.IsNullOrEmpty(ex.RequestId) ? "" : $" [request id {ex.RequestId}]";
            throw ex.ErrorCode switch
            {
                "NoSuchBucket" => new LayerException(
                    $"The S3 bucket '{bucket}' does not exist (S3 said: {said}){requestId}. Create it or pass an existing --bucket.", ex),
                "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "ExpiredToken" or "InvalidToken" => new LayerException(
                    $"S3 rejected the AWS credentials for bucket '{bucket}' ({ex.ErrorCode}: {said}){requestId}. Check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or --aws-profile.", ex),
                _ when ex.StatusCode == HttpStatusCode.Forbidden => new LayerException(
                    $"Access to s3://{bucket}/{key} was denied ({ex.ErrorCode}: {said}){requestId}. Grant the AWS identity s3:GetObject and s3:PutObject on the bucket, or pass another --bucket.", ex),
                _ => new LayerException($"S3 request for s3://{bucket}/{key} failed ({(int)ex.StatusCode} {ex.ErrorCode}: {said}){requestId}.", ex),
            };
        }
        catch (AmazonServiceException ex) when (ex.InnerException is HttpRequestException http)
        {
            throw new LayerException($"Could not reach S3 for bucket '{bucket}' ({http.Message}). Check the network and the S3 endpoint (--s3-endpoint, AWS_ENDPOINT_URL_S3).", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new LayerException($"Could not reach S3 for bucket '{bucket}' ({ex.Message}). Check the network and the S3 endpoint (--s3-endpoint, AWS_ENDPOINT_URL_S3).", ex);
        }
    }

    public void Dispose() => s3.Dispose();
}
