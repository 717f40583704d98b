using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Publishing;

/// <summary>
/// The five Lambda layer operations this tool needs, over HttpClient (AWSSDK.Lambda is not served here).
/// Every request goes through AWSSDK.Core's public <see cref="SigV4SigningHandler"/>, so each attempt of
/// a retry is signed afresh. Idempotent operations are retried on throttling, 5xx and transport errors;
/// PublishLayerVersion only on throttling (a 429 means nothing was created) — its caller decides whether
/// a 5xx or lost answer may be retried (<see cref="LayerVersionPublisher"/>). Each attempt has a time limit from
/// the retry policy (longer for PublishLayerVersion, which may carry a 50 MB zip and makes Lambda copy the
/// code), so an endpoint that accepts a connection and never answers fails with its address and is retried.
/// </summary>
public sealed class LambdaLayerClient : IDisposable
{
    private const string ApiVersion = "2018-10-31";

    private readonly HttpClient http;
    private readonly AwsRetryPolicy retry;
    private readonly ILogger log;

    public LambdaLayerClient(AWSCredentials credentials, string region, Uri endpoint, AwsRetryPolicy retry, ILogger log, HttpMessageHandler? transport = null)
    {
        var signer = new SigV4SigningHandler(credentials, RegionEndpoint.GetBySystemName(region), "lambda", transport ?? new SocketsHttpHandler());
        // The time limit is per attempt (see SendAsync); the client-wide one would also cover the retries' waits.
        http = new HttpClient(signer) { BaseAddress = endpoint, Timeout = Timeout.InfiniteTimeSpan };
        this.retry = retry;
        this.log = log;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public async Task<LayerVersion> PublishLayerVersionAsync(string layerName, PublishLayerVersionRequest request, CancellationToken ct)
    {
        var body = PublishBody(request);
        // Lambda copies and checks the code before it answers, so the call gets a few ordinary limits on top of the upload time.
        var limit = retry.TimeoutFor(body.Length) + 3 * retry.AttemptTimeout;
        using var answer = await SendAsync("PublishLayerVersion", HttpMethod.Post, VersionsPath(layerName), body, retryServerErrors: false, ct, limit);
        return ReadLayerVersion(answer!.RootElement);
    }

    // Written straight to UTF-8: an inline zip of up to 50 MB is base64-encoded once into the body,
    // not into a string, then a JSON string, then bytes again.
    private static ReadOnlyMemory<byte> PublishBody(PublishLayerVersionRequest request)
    {
        var body = new MemoryStream(4096 + (request.ZipFile?.Length ?? 0) / 3 * 4 + 4);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("Description", request.Description);
            json.WriteStartObject("Content");
            if (request.ZipFile is { } zip)
            {
                json.WriteBase64String("ZipFile", zip.Span);
            }
            else
            {
                json.WriteString("S3Bucket", request.S3Bucket);
                json.WriteString("S3Key", request.S3Key);
            }
            json.WriteEndObject();
            WriteStrings(json, "CompatibleRuntimes", request.CompatibleRuntimes);
            WriteStrings(json, "CompatibleArchitectures", request.CompatibleArchitectures);
            if (request.LicenseInfo is not null)
            {
                json.WriteString("LicenseInfo", request.LicenseInfo);
            }
            json.WriteEndObject();
        }
        return body.GetBuffer().AsMemory(0, (int)body.Length);
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    /// <summary>One page of versions, as Lambda orders them; <c>NextMarker</c> is null on the last page.</summary>
    public async Task<(IReadOnlyList<LayerVersion> Versions, string? NextMarker)> ListLayerVersionsAsync(string layerName, string? marker, int maxItems, CancellationToken ct)
    {
        var query = $"?MaxItems={Math.Clamp(maxItems, 1, LambdaLimits.ListLayerVersionsPageSize)}";
        if (marker is not null)
        {
            query += "&Marker=" + Uri.EscapeDataString(marker);
        }
        using var answer = await SendAsync("ListLayerVersions", HttpMethod.Get, VersionsPath(layerName) + query, null, retryServerErrors: true, ct);
        var root = answer!.RootElement;
        var versions = new List<LayerVersion>();
        if (root.TryGetProperty("LayerVersions", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            versions.AddRange(items.EnumerateArray().Select(ReadLayerVersion));
        }
        var next = root.TryGetProperty("NextMarker", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        return (versions, string.IsNullOrEmpty(next) ? null : next);
    }

    /// <summary>Every live version of the layer, following the pages; empty when the layer does not exist.</summary>
    public async Task<IReadOnlyList<LayerVersion>> ListAllLayerVersionsAsync(string layerName, CancellationToken ct)
    {
        var all = new List<LayerVersion>();
        string? marker = null;
        do
        {
            var (page, next) = await ListLayerVersionsAsync(layerName, marker, LambdaLimits.ListLayerVersionsPageSize, ct);
            all.AddRange(page);
            marker = next;
        }
        while (marker is not null);
        return all;
    }

    public async Task<LayerVersion> GetLayerVersionAsync(string layerName, long version, CancellationToken ct)
    {
        using var answer = await SendAsync("GetLayerVersion", HttpMethod.Get, VersionPath(layerName, version), null, retryServerErrors: true, ct);
        return ReadLayerVersion(answer!.RootElement);
    }

    public async Task DeleteLayerVersionAsync(string layerName, long version, CancellationToken ct)
    {
        using var _ = await SendAsync("DeleteLayerVersion", HttpMethod.Delete, VersionPath(layerName, version), null, retryServerErrors: true, ct);
    }

    /// <summary>
    /// Adds one statement to the version's policy. Retried on 5xx too: a repeat of a statement that did get
    /// stored fails with ResourceConflictException, which callers treat as "already granted".
    /// </summary>
    public async Task AddLayerVersionPermissionAsync(string layerName, long version, LayerGrant grant, CancellationToken ct)
    {
        var content = new JsonObject
        {
            ["StatementId"] = grant.StatementId,
            ["Action"] = "lambda:GetLayerVersion",
            ["Principal"] = grant.Principal,
        };
        if (grant.OrganizationId is not null)
        {
            content["OrganizationId"] = grant.OrganizationId;
        }
        using var _ = await SendAsync("AddLayerVersionPermission", HttpMethod.Post, VersionPath(layerName, version) + "/policy",
            Encoding.UTF8.GetBytes(content.ToJsonString()), retryServerErrors: true, ct);
    }

    private static string VersionsPath(string layerName) => $"/{ApiVersion}/layers/{Uri.EscapeDataString(layerName)}/versions";

    private static string VersionPath(string layerName, long version) =>
        VersionsPath(layerName) + "/" + version.ToString(CultureInfo.InvariantCulture);

    private async Task<JsonDocument?> SendAsync(string operation, HttpMethod method, string pathAndQuery, ReadOnlyMemory<byte>? body, bool retryServerErrors,
        CancellationToken ct, TimeSpan? timeLimit = null)
    {
        var limit = timeLimit ?? retry.AttemptTimeout;
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, pathAndQuery);
            if (body is { } payload)
            {
                request.Content = new ReadOnlyMemoryContent(payload);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }
            AwsRequestException failure;
            TimeSpan? retryAfter = null;
            using var attemptLimit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attemptLimit.CancelAfter(limit);
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptLimit.Token);
                if (response.IsSuccessStatusCode)
                {
                    var bytes = await response.Content.ReadAsByteArrayAsync(attemptLimit.Token);
                    return ParseAnswer(operation, method, response, bytes);
                }
                failure = await ReadErrorAsync(operation, response, attemptLimit.Token);
                retryAfter = RetryAfterOf(response);
            }
            catch (AwsRequestException ex) when (ex.ErrorCode == AwsRequestException.UnreadableAnswer)
            {
                failure = ex;
            }
            catch (HttpRequestException ex)
            {
                failure = new AwsRequestException(operation, 0, AwsRequestException.TransportError,
                    $"could not reach {Endpoint.GetLeftPart(UriPartial.Authority)} ({ex.Message})", null,
                    "Check the network and the Lambda endpoint (--lambda-endpoint, AWS_ENDPOINT_URL_LAMBDA).", ex);
            }
            catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
            {
                failure = new AwsRequestException(operation, 0, AwsRequestException.TransportError,
                    $"no answer from {Endpoint.GetLeftPart(UriPartial.Authority)} within {limit.TotalSeconds:0.#} s", null,
                    "Check the network and the Lambda endpoint (--lambda-endpoint, AWS_ENDPOINT_URL_LAMBDA).", ex);
            }

            var retryable = failure.IsThrottling || (retryServerErrors && failure.MayHaveSucceeded);
            if (!retryable || attempt >= retry.MaxAttempts)
            {
                throw failure;
            }
            var delay = retry.DelayBefore(attempt, retryAfter);
            log.Warning("{Operation} attempt {Attempt} failed ({Status} {Code}: {Reason}); retrying in {Delay}",
                operation, attempt, failure.StatusCode, failure.ErrorCode, failure.AwsMessage, delay);
            await retry.Delay(delay, ct);
        }
    }

    // Every answer of the layer API with a body is a JSON object. Anything else (a proxy's HTML page, a cut-off body,
    // another service) is reported as such, and retried like a 5xx: the request may well have been carried out.
    private static JsonDocument? ParseAnswer(string operation, HttpMethod method, HttpResponseMessage response, byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            // Only DeleteLayerVersion answers without a body (204); the callers of the others read theirs.
            return method == HttpMethod.Delete ? null : throw Unreadable(operation, response, "an empty body", bytes);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            throw Unreadable(operation, response, "not JSON", bytes);
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw Unreadable(operation, response, "JSON, but not an object", bytes);
        }
        return document;
    }

    private static AwsRequestException Unreadable(string operation, HttpResponseMessage response, string what, byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 80));
        var shown = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
        return new AwsRequestException(operation, (int)response.StatusCode, AwsRequestException.UnreadableAnswer,
            $"the answer is {what}, not the JSON object Lambda sends{(shown.Length == 0 ? "" : $" (it starts: {shown})")}", requestId,
            "Check that the Lambda endpoint (--lambda-endpoint, AWS_ENDPOINT_URL_LAMBDA) is AWS Lambda and not a proxy or another service, then run again.");
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    // Lambda's rest-json errors: the code in x-amzn-ErrorType ("ResourceNotFoundException:http://…"),
    // the message in a JSON body as "message" or "Message".
    private static async Task<AwsRequestException> ReadErrorAsync(string operation, HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(ct);
        string? code = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.FirstOrDefault() : null;
        string? message = null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in doc.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String) continue;
                    if (property.NameEquals("message") || property.NameEquals("Message")) message ??= property.Value.GetString();
                    if (property.NameEquals("__type") || property.NameEquals("Type")) code ??= property.Value.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the status alone has to do.
        }
        code = code?.Split(':')[0].Split('#')[^1];
        if (string.IsNullOrEmpty(code))
        {
            code = response.StatusCode == HttpStatusCode.TooManyRequests ? "TooManyRequestsException" : $"Http{status}";
        }
        var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
        return new AwsRequestException(operation, status, code, message ?? response.ReasonPhrase ?? "no message", requestId, HintFor(code, status));
    }

    // What a user can do about the errors this tool is likely to meet.
    private static string? HintFor(string code, int status) => code switch
    {
        "CodeStorageExceededException" =>
            "The account's Lambda code storage (" + LambdaLimits.CodeStoragePerRegion + " per region, old layer versions included) is full: delete old versions, for example with --retain 10.",
        "InvalidSignatureException" or "SignatureDoesNotMatch" =>
            "The AWS secret key does not match the access key: check AWS_SECRET_ACCESS_KEY or the --aws-profile credentials.",
        "UnrecognizedClientException" or "InvalidClientTokenId" =>
            "The AWS access key or session token is not valid: refresh the credentials (expired session, wrong --aws-profile?).",
        "AccessDeniedException" or "AccessDenied" =>
            "The AWS identity lacks permission for this Lambda action: grant it lambda:*LayerVersion* permissions.",
        "ExpiredTokenException" => "The AWS session has expired: log in again (aws sso login, new session token).",
        _ when status == 429 => "AWS kept throttling after all retries: try again later.",
        _ => null,
    };

    private static LayerVersion ReadLayerVersion(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new LayerException(
                $"AWS Lambda answered with a layer version that is not a JSON object ({e.ValueKind}). " +
                "Check that the Lambda endpoint (--lambda-endpoint, AWS_ENDPOINT_URL_LAMBDA) is AWS Lambda, then run again.");
        }
        var content = e.TryGetProperty("Content", out var c) && c.ValueKind == JsonValueKind.Object ? c : (JsonElement?)null;
        return new LayerVersion
        {
            LayerVersionArn = String(e, "LayerVersionArn") ?? throw new LayerException(
                "AWS Lambda answered without a LayerVersionArn. " +
                "Check that the Lambda endpoint (--lambda-endpoint, AWS_ENDPOINT_URL_LAMBDA) is AWS Lambda, then run again."),
            LayerArn = String(e, "LayerArn"),
            Version = e.TryGetProperty("Version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var number) ? number : 0,
            Description = String(e, "Description"),
            CreatedDate = ParseDate(String(e, "CreatedDate")),
            CodeSha256 = content is { } cc ? String(cc, "CodeSha256") : null,
            CodeSize = content is { } cs && cs.TryGetProperty("CodeSize", out var size) && size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var bytes) ? bytes : null,
            CompatibleRuntimes = Strings(e, "CompatibleRuntimes"),
            CompatibleArchitectures = Strings(e, "CompatibleArchitectures"),
            LicenseInfo = String(e, "LicenseInfo"),
        };
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static IReadOnlyList<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Array
            ? [.. p.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
            : [];

    // Lambda writes dates as "2018-11-27T15:10:45.123+0000" (no colon in the offset, which .NET wants).
    internal static DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var normalized = text.Length > 5 && (text[^5] == '+' || text[^5] == '-') ? text[..^2] + ":" + text[^2..] : text;
        return DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
    }

    /// <summary>Formats a date the way Lambda does.</summary>
    public static string FormatDate(DateTimeOffset date) =>
        date.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+0000";

    public void Dispose() => http.Dispose();
}
