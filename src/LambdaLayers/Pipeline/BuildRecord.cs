using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaLayers.FileSystem;

namespace LambdaLayers.Pipeline;

/// <summary>
/// <c>build.json</c>: what BuildLayer produced. The next run skips when the fingerprint is unchanged and
/// <c>artifacts/</c> still hashes to <see cref="ArtifactsHash"/>; PackageLayer reads the fingerprint.
/// Holds no credentials.
/// </summary>
public sealed record BuildRecord(
    string Fingerprint,
    string ArtifactsHash,
    string Tool,
    string Runtime,
    string Architecture,
    string Mode,
    DateTimeOffset FinishedAt)
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The record at <paramref name="path"/>, or null when it is missing or unreadable (then the layer is rebuilt).</summary>
    public static BuildRecord? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<BuildRecord>(File.ReadAllText(path), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}
