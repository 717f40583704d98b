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

    /// <summary>
    /// The record at <paramref name="path"/>, or null when it is missing or unreadable (then the layer is rebuilt, and the
    /// rebuild wipes whatever stands there, a FIFO included, which is never opened).
    /// </summary>
    public static BuildRecord? TryRead(string path)
    {
        try
        {
            return FileKinds.OfTarget(path) == FileKind.Regular ? JsonSerializer.Deserialize<BuildRecord>(File.ReadAllText(path), Json) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}
