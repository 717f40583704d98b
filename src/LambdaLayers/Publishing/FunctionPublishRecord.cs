using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaLayers.FileSystem;

namespace LambdaLayers.Publishing;

/// <summary>
/// What PublishFunction did, for CloudFormation, CDK or Terraform to consume and for the next run: where the zip
/// is in S3 (bucket, key, object version), its SHA-256 in hex and as Lambda's base64 CodeSha256, the manifest key, and,
/// with a function name, the function's code state and any version published. Returned to callers and written to
/// <c>build/lambda/function/publish.json</c>.
/// </summary>
public sealed record FunctionPublishRecord
{
    /// <summary>The zip is in S3 (uploaded now or before); no function was named.</summary>
    public const string StoredResult = "stored";

    /// <summary>The named function's code was updated to this zip.</summary>
    public const string UpdatedResult = "updated";

    /// <summary>The named function already ran this zip.</summary>
    public const string UnchangedResult = "unchanged";

    public required string Result { get; init; }

    public required string Reason { get; init; }

    public required string S3Bucket { get; init; }

    public required string S3Key { get; init; }

    /// <summary>The S3 object version (versioned buckets only), as CloudFormation's S3ObjectVersion takes it.</summary>
    public string? S3ObjectVersion { get; init; }

    /// <summary>True when this run uploaded the zip (false when the key already held it).</summary>
    public bool Uploaded { get; init; }

    /// <summary>Hex SHA-256 of function.zip, as in the S3 key.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Base64 SHA-256 of function.zip: Lambda's CodeSha256 (and Terraform's source_code_hash).</summary>
    public required string CodeSha256 { get; init; }

    public required long ZipBytes { get; init; }

    public required string Fingerprint { get; init; }

    public required string ManifestKey { get; init; }

    /// <summary>The layer version published (or found current) in the same run, when there was one.</summary>
    public string? LayerVersionArn { get; init; }

    /// <summary>The git commit of the project's checkout, when it is in git.</summary>
    public string? SourceCommit { get; init; }

    public string? FunctionName { get; init; }

    public string? FunctionArn { get; init; }

    /// <summary>The function version published with --publish-version (or the last one, when nothing changed since).</summary>
    public string? FunctionVersion { get; init; }

    public string? FunctionVersionArn { get; init; }

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Writes the record whole or not at all (temporary file, then rename).</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, ToJson());
}
