using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaLayers.FileSystem;

namespace LambdaLayers.Publishing;

/// <summary>
/// What PublishLayer did: the layer version that is live for this build (new or kept), why, where the
/// code lives and what was shared or deleted. Returned to callers and written to <c>publish.json</c>.
/// </summary>
public sealed record PublishRecord
{
    public const string PublishedResult = "published";
    public const string SkippedResult = "skipped";

    public required string LayerName { get; init; }

    public required string LayerArn { get; init; }

    public required string LayerVersionArn { get; init; }

    public required long Version { get; init; }

    /// <summary>"published" (a new version was made) or "skipped" (the live version already matches).</summary>
    public required string Result { get; init; }

    public required string Reason { get; init; }

    /// <summary>The bucket holding the zip, or null when the zip was sent inline.</summary>
    public string? S3Bucket { get; init; }

    public string? S3Key { get; init; }

    /// <summary>True when this run uploaded the zip to S3 (false when it was there already, or inline).</summary>
    public bool Uploaded { get; init; }

    /// <summary>Base64 SHA-256 of the zip, as Lambda reports it.</summary>
    public required string CodeSha256 { get; init; }

    /// <summary>Hex SHA-256 of the zip, as in the S3 key.</summary>
    public required string Sha256 { get; init; }

    public required string Fingerprint { get; init; }

    public required string Description { get; init; }

    /// <summary>The runtimes the version is compatible with.</summary>
    public IReadOnlyList<string> CompatibleRuntimes { get; init; } = [];

    /// <summary>The architectures the version is compatible with.</summary>
    public IReadOnlyList<string> CompatibleArchitectures { get; init; } = [];

    /// <summary>When Lambda created the version.</summary>
    public DateTimeOffset? CreatedDate { get; init; }

    public IReadOnlyList<string> ManifestKeys { get; init; } = [];

    /// <summary>Statement ids of the grants in place on the version.</summary>
    public IReadOnlyList<string> Grants { get; init; } = [];

    public IReadOnlyList<long> DeletedVersions { get; init; } = [];

    /// <summary>With a dry-run retention: what would have been deleted.</summary>
    public IReadOnlyList<long> WouldDeleteVersions { get; init; } = [];

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static PublishRecord Read(string path) =>
        JsonSerializer.Deserialize<PublishRecord>(File.ReadAllText(path), JsonOptions)
        ?? throw new LayerException($"'{path}' holds no deployment record: run PublishLayer again.");

    /// <summary>Writes the record whole or not at all (temporary file, then rename).</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, ToJson());
}
