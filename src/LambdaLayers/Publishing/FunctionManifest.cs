using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaLayers.Publishing;

/// <summary>
/// The small JSON record stored beside the function zip in S3 (<c>&lt;prefix&gt;/function/&lt;sha256&gt;.json</c>): which
/// zip it is, from which inputs (fingerprint, source commit), and the layer version built in the same run, so a
/// deployment tool can tell what it deploys. It holds no time stamp, so the same zip from the same inputs writes the
/// same bytes and the record is not rewritten.
/// </summary>
public sealed record FunctionManifest
{
    public required string Sha256 { get; init; }

    public required string CodeSha256 { get; init; }

    public required long Size { get; init; }

    public required string Fingerprint { get; init; }

    public required string S3Bucket { get; init; }

    public required string S3Key { get; init; }

    public string? S3ObjectVersion { get; init; }

    public string? LayerVersionArn { get; init; }

    public string? SourceCommit { get; init; }

    public required string Runtime { get; init; }

    public required string Architecture { get; init; }

    public static string Folder(string prefix) => string.IsNullOrEmpty(prefix.Trim('/')) ? "function" : $"{prefix.Trim('/')}/function";

    /// <summary><c>&lt;prefix&gt;/function/&lt;sha256&gt;.zip</c>: the content-addressed key of the zip.</summary>
    public static string ZipKey(string prefix, string sha256Hex) => $"{Folder(prefix)}/{sha256Hex}.zip";

    public static string Key(string prefix, string sha256Hex) => $"{Folder(prefix)}/{sha256Hex}.json";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, JsonOptions) + "\n");

    public static FunctionManifest? Parse(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<FunctionManifest>(bytes, JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
