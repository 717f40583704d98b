using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LambdaLayers.Publishing;

/// <summary>
/// The function-code operations (rest-json, API version 2015-03-31): read a function's configuration, point its code
/// at a zip in S3, publish a version. Each goes through the same signed, retried, time-limited request path as the
/// layer operations. All three may be retried after a 5xx or a lost answer: updating the code to the same object
/// again changes nothing, and PublishVersion makes no new version when nothing changed since the last one.
/// </summary>
public sealed partial class LambdaLayerClient
{
    private const string FunctionApiVersion = "2015-03-31";

    public async Task<FunctionConfiguration> GetFunctionConfigurationAsync(string functionName, CancellationToken ct)
    {
        using var answer = await SendAsync("GetFunctionConfiguration", HttpMethod.Get, FunctionPath(functionName) + "/configuration", null,
            retryServerErrors: true, ct);
        return ReadFunctionConfiguration(answer);
    }

    /// <summary>Points the function's code ($LATEST) at the zip in S3; Lambda answers while it still applies the update (LastUpdateStatus InProgress).</summary>
    public async Task<FunctionConfiguration> UpdateFunctionCodeAsync(string functionName, string bucket, string key, string? objectVersion,
        string? revisionId, CancellationToken ct)
    {
        var content = new JsonObject { ["S3Bucket"] = bucket, ["S3Key"] = key };
        if (objectVersion is not null)
        {
            content["S3ObjectVersion"] = objectVersion;
        }
        if (revisionId is not null)
        {
            content["RevisionId"] = revisionId;
        }
        // Lambda copies the code from S3 before it answers.
        using var answer = await SendAsync("UpdateFunctionCode", HttpMethod.Put, FunctionPath(functionName) + "/code",
            Encoding.UTF8.GetBytes(content.ToJsonString()), retryServerErrors: true, ct, 4 * retry.AttemptTimeout);
        return ReadFunctionConfiguration(answer);
    }

    /// <summary>
    /// Publishes a version of the function's current code and configuration, refused unless the code has
    /// <paramref name="codeSha256"/>; when nothing changed since the last version Lambda returns that version.
    /// </summary>
    public async Task<FunctionConfiguration> PublishVersionAsync(string functionName, string codeSha256, string? description, CancellationToken ct)
    {
        var content = new JsonObject { ["CodeSha256"] = codeSha256 };
        if (description is not null)
        {
            content["Description"] = description;
        }
        using var answer = await SendAsync("PublishVersion", HttpMethod.Post, FunctionPath(functionName) + "/versions",
            Encoding.UTF8.GetBytes(content.ToJsonString()), retryServerErrors: true, ct);
        return ReadFunctionConfiguration(answer);
    }

    // A name, a partial ARN or an ARN: its ':' are escaped like any other reserved character of a path segment.
    private static string FunctionPath(string functionName) => $"/{FunctionApiVersion}/functions/{Uri.EscapeDataString(functionName)}";

    private static FunctionConfiguration ReadFunctionConfiguration(JsonDocument? answer)
    {
        if (answer?.RootElement is not { ValueKind: JsonValueKind.Object } e)
        {
            throw new LayerException("AWS Lambda answered without a function configuration.");
        }
        return new FunctionConfiguration
        {
            FunctionName = String(e, "FunctionName") ?? throw new LayerException("AWS Lambda answered without a FunctionName."),
            FunctionArn = String(e, "FunctionArn"),
            Version = String(e, "Version"),
            CodeSha256 = String(e, "CodeSha256"),
            CodeSize = e.TryGetProperty("CodeSize", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : null,
            State = String(e, "State"),
            StateReason = String(e, "StateReason"),
            LastUpdateStatus = String(e, "LastUpdateStatus"),
            LastUpdateStatusReason = String(e, "LastUpdateStatusReason"),
            LastUpdateStatusReasonCode = String(e, "LastUpdateStatusReasonCode"),
            RevisionId = String(e, "RevisionId"),
            Description = String(e, "Description"),
        };
    }
}
