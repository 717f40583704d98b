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
/// written by plain PUTs (no CopyObject, which some S3 emulators get wrong). Every request has a time limit
/// (the retry policy's, stretched by the bytes a zip transfer carries) and the SDK retries it; a stall that
/// outlasts the retries fails with the endpoint's address instead of hanging the build.
/// </summary>
public sealed class LayerS3Store : IDisposable
{
    public const string Sha256MetadataKey = "sha256";
    public const string FingerprintMetadataKey = "fingerprint";

    /// <summary>Zips at least this large are uploaded in parts.</summary>
    public const long DefaultMultipartThreshold = 16 * 1024 * 1024;

    private readonly AwsConnection connection;
    private readonly IAmazonS3 s3;
    private readonly ILogger log;
    private readonly AwsRetryPolicy retry;
    private readonly long multipartThreshold;
    private readonly long partSize;

    public LayerS3Store(AwsConnection connection, ILogger log, long multipartThreshold = DefaultMultipartThreshold, long partSize = 8 * 1024 * 1024,
        AwsRetryPolicy? retry = null)
    {
        this.connection = connection;
        this.retry = retry ?? AwsRetryPolicy.Default;
        s3 = new AmazonS3Client(connection.Credentials, CreateConfig(connection, this.retry, this.retry.AttemptTimeout));
        this.log = log;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
        Endpoint = EndpointOf(connection);
    }

    /// <summary>The S3 endpoint requests go to, as error messages name it.</summary>
    public string Endpoint { get; }

    /// <summary>
    /// Overridden endpoints (LocalStack, MinIO, s3rver) get path-style addressing; checksums are only sent
    /// and checked where S3 requires them, since emulators do not all understand the newer flexible checksums.
    /// </summary>
    public static AmazonS3Config CreateConfig(AwsConnection connection) => CreateConfig(connection, null, null);

    /// <param name="retry">How many attempts the SDK makes (its own backoff); null keeps the SDK's default.</param>
    /// <param name="requestTimeout">The time limit of each HTTP request; null leaves the SDK's (practically none).</param>
    public static AmazonS3Config CreateConfig(AwsConnection connection, AwsRetryPolicy? retry, TimeSpan? requestTimeout)
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
        if (retry is not null)
        {
            config.MaxErrorRetry = Math.Max(retry.MaxAttempts - 1, 0);
        }
        if (requestTimeout is { } limit)
        {
            config.Timeout = limit;
            config.ConnectTimeout = limit;
        }
        if (connection.Transport is { } transport)
        {
            config.HttpClientFactory = new TransportHttpClientFactory(transport);
        }
        return config;
    }

    /// <summary>"http://127.0.0.1:4569" or "https://s3.eu-west-1.amazonaws.com": where S3 requests go.</summary>
    public static string EndpointOf(AwsConnection connection) =>
        connection.S3Endpoint?.GetLeftPart(UriPartial.Authority) ?? $"https://s3.{connection.Region}.amazonaws.com";

    public static string LayerFolder(string prefix) =>
        string.IsNullOrEmpty(prefix.Trim('/')) ? "layer" : $"{prefix.Trim('/')}/layer";

    public static string ZipKey(string prefix, string sha256Hex) => $"{LayerFolder(prefix)}/{sha256Hex}.zip";

    public static string VersionManifestKey(string prefix, long version, string manifestName) =>
        $"{LayerFolder(prefix)}/{version.ToString("D6", CultureInfo.InvariantCulture)}/{manifestName}";

    public static string LastManifestKey(string prefix, string manifestName) => $"{LayerFolder(prefix)}/last-{manifestName}";

    /// <summary>Uploads the zip unless an object with the same SHA-256 is already at its key; returns whether it uploaded.</summary>
    public async Task<bool> EnsureZipAsync(string bucket, string key, string zipPath, ZipDigest digest, string fingerprint, CancellationToken ct)
    {
        if (await HoldsZipAsync(bucket, key, digest, ct))
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
        // Each request of the upload carries at most one part (or the whole zip below the threshold), so its time limit grows with that.
        var largestRequest = Math.Min(digest.Size, parts > 1 ? partSize : digest.Size);
        using var transferClient = new AmazonS3Client(connection.Credentials, CreateConfig(connection, retry, retry.TimeoutFor(largestRequest)));
        using var transfer = new TransferUtility(transferClient, new TransferUtilityConfig { MinSizeBeforePartUpload = multipartThreshold });
        await Guard(bucket, key, async () =>
        {
            await transfer.UploadAsync(request, ct);
            return true;
        }, ct, retry.TimeoutFor(largestRequest));
        return true;
    }

    /// <summary>Whether the object at <paramref name="key"/> is this zip, by the size and the SHA-256 in its metadata.</summary>
    public async Task<bool> HoldsZipAsync(string bucket, string key, ZipDigest digest, CancellationToken ct)
    {
        var existing = await Guard(bucket, key, () => HeadAsync(bucket, key, ct), ct);
        return existing is not null &&
               string.Equals(existing.Metadata[Sha256MetadataKey], digest.Sha256Hex, StringComparison.OrdinalIgnoreCase) &&
               existing.ContentLength == digest.Size;
    }

    /// <summary>Stores the manifest for <paramref name="version"/> and as the last one; returns the keys written.</summary>
    public async Task<IReadOnlyList<string>> PutManifestAsync(string bucket, string prefix, long version, string manifestPath, CancellationToken ct)
    {
        var name = Path.GetFileName(manifestPath);
        var bytes = await File.ReadAllBytesAsync(manifestPath, ct);
        var keys = new[] { VersionManifestKey(prefix, version, name), LastManifestKey(prefix, name) };
        foreach (var key in keys)
        {
            await PutManifestObjectAsync(bucket, key, bytes, ct);
            log.Information("Stored {Manifest} at s3://{Bucket}/{Key}", name, bucket, key);
        }
        return keys;
    }

    /// <summary>
    /// After a run that found the live version current: writes the manifest of <paramref name="version"/> if it
    /// is missing, and the last manifest if it is missing or holds other bytes (a run killed between publishing and
    /// storing them leaves exactly that). Returns the keys written; none when all is in place.
    /// </summary>
    public async Task<IReadOnlyList<string>> RepairManifestAsync(string bucket, string prefix, long version, string manifestPath, CancellationToken ct)
    {
        var name = Path.GetFileName(manifestPath);
        var bytes = await File.ReadAllBytesAsync(manifestPath, ct);
        var written = new List<string>();
        var versionKey = VersionManifestKey(prefix, version, name);
        if (await Guard(bucket, versionKey, () => HeadAsync(bucket, versionKey, ct), ct) is null)
        {
            await PutManifestObjectAsync(bucket, versionKey, bytes, ct);
            log.Warning("The manifest of version {Version} was missing; stored {Manifest} at s3://{Bucket}/{Key}", version, name, bucket, versionKey);
            written.Add(versionKey);
        }
        var lastKey = LastManifestKey(prefix, name);
        var last = await Guard(bucket, lastKey, () => GetSmallObjectAsync(bucket, lastKey, ct), ct);
        if (last is null || !last.AsSpan().SequenceEqual(bytes))
        {
            await PutManifestObjectAsync(bucket, lastKey, bytes, ct);
            log.Warning("The last manifest was {State}; stored {Manifest} of version {Version} at s3://{Bucket}/{Key}",
                last is null ? "missing" : "from another version", name, version, bucket, lastKey);
            written.Add(lastKey);
        }
        return written;
    }

    /// <summary>The S3 version id of the object at <paramref name="key"/> in a versioned bucket; null in an unversioned one or when it is missing.</summary>
    public async Task<string?> VersionIdAsync(string bucket, string key, CancellationToken ct)
    {
        var head = await Guard(bucket, key, () => HeadAsync(bucket, key, ct), ct);
        return string.IsNullOrEmpty(head?.VersionId) || head.VersionId == "null" ? null : head.VersionId;
    }

    /// <summary>
    /// Stores a small record (a manifest) at <paramref name="key"/> unless the object there already holds exactly these
    /// bytes; returns whether it wrote.
    /// </summary>
    public async Task<bool> PutRecordAsync(string bucket, string key, byte[] bytes, CancellationToken ct)
    {
        var existing = await Guard(bucket, key, () => GetSmallObjectAsync(bucket, key, ct), ct);
        if (existing is not null && existing.AsSpan().SequenceEqual(bytes))
        {
            return false;
        }
        await Guard(bucket, key, async () =>
        {
            using var body = new MemoryStream(bytes, writable: false);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body, ContentType = "application/json" }, ct);
            return true;
        }, ct);
        return true;
    }

    private Task PutManifestObjectAsync(string bucket, string key, byte[] bytes, CancellationToken ct) =>
        Guard(bucket, key, async () =>
        {
            using var body = new MemoryStream(bytes, writable: false);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body, ContentType = "text/plain" }, ct);
            return true;
        }, ct);

    // Manifests are small; anything over a few MB at a manifest key is not one of ours and is treated as different.
    private async Task<byte[]?> GetSmallObjectAsync(string bucket, string key, CancellationToken ct)
    {
        try
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, ct);
            if (response.ContentLength > 16 * 1024 * 1024)
            {
                return [];
            }
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy, ct);
            return copy.ToArray();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
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

    private Task<T> Guard<T>(string bucket, string key, Func<Task<T>> action, CancellationToken ct, TimeSpan? timeLimit = null) =>
        Guard(bucket, key, action, Endpoint, timeLimit ?? retry.AttemptTimeout, retry.MaxAttempts, ct);

    // Turns S3's failures into messages that name the bucket and say what to do; a stall names the endpoint.
    internal static async Task<T> Guard<T>(string bucket, string key, Func<Task<T>> action, string endpoint, TimeSpan timeLimit, int attempts, CancellationToken ct)
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
        // The SDK turns an HTTP request that outlived its time limit into a TimeoutException once its retries are spent.
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new LayerException(
                $"S3 at {endpoint} did not answer within {timeLimit.TotalSeconds:0.#} s for s3://{bucket}/{key} ({attempts} attempt(s)). " +
                "Check the network and the S3 endpoint (--s3-endpoint, AWS_ENDPOINT_URL_S3).", ex);
        }
    }

    public void Dispose() => s3.Dispose();
}
