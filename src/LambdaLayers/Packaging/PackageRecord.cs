using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaLayers.Checks;
using LambdaLayers.FileSystem;
using LambdaLayers.Pipeline;

namespace LambdaLayers.Packaging;

/// <summary>
/// <c>build/lambda/layer/layer.json</c>: what PackageLayer wrote and from what. PublishLayer reads the
/// hashes and sizes from it; the next PackageLayer compares fingerprint, artifacts and zip against it to
/// decide whether it may skip.
/// </summary>
public sealed record PackageRecord
{
    public required int PackagerFormatVersion { get; init; }

    /// <summary><see cref="LayerFingerprint"/> of the settings the layer was packaged with.</summary>
    public required string Fingerprint { get; init; }

    /// <summary><see cref="DirectoryHash"/> of <c>artifacts/</c>: the content hash.</summary>
    public required string ArtifactsHash { get; init; }

    /// <summary><see cref="ArtifactsSignature.Stat"/> of <c>artifacts/</c>: compared first, cheaply.</summary>
    public required string ArtifactsStatSignature { get; init; }

    /// <summary><see cref="ArtifactsSignature.Shape"/> of <c>artifacts/</c>.</summary>
    public required string ArtifactsShapeSignature { get; init; }

    /// <summary>SHA-256 of layer.zip, lower-case hex.</summary>
    public required string ZipSha256 { get; init; }

    /// <summary>SHA-256 of layer.zip in base64: the form Lambda reports as CodeSha256.</summary>
    public required string CodeSha256 { get; init; }

    public required long ZipBytes { get; init; }

    /// <summary>layer.zip's last write time when it was written, to notice a replaced zip without hashing it.</summary>
    public required DateTime ZipLastWriteUtc { get; init; }

    public required long UnzippedBytes { get; init; }

    public required int FileCount { get; init; }

    /// <summary>The folder the files sit under inside the zip: "python/" or "python/lib/python3.X/site-packages/".</summary>
    public required string ZipRoot { get; init; }

    public required int CompressionLevel { get; init; }

    public required bool Zip64 { get; init; }

    /// <summary>Kept distributions, largest unzipped first.</summary>
    public required IReadOnlyList<DistributionSize> Distributions { get; init; }

    /// <summary>Distributions found in artifacts and left out, as "name version".</summary>
    public required IReadOnlyList<string> ExcludedDistributions { get; init; }

    /// <summary>Files removed by distribution exclusions and file patterns, and their bytes.</summary>
    public required int ExcludedFiles { get; init; }

    public required long ExcludedBytes { get; init; }

    /// <summary>The compatibility check's verdict per distribution (ok / problem); null in a report from before the check.</summary>
    public IReadOnlyList<DistributionCheck>? Compatibility { get; init; }

    /// <summary>What the import smoke test did; null in a report from before the test.</summary>
    public SmokeTestOutcome? SmokeTest { get; init; }

    /// <summary>What the bytecode step did (compiled, skipped with why, off), with the files that did not compile; null in a report from before it.</summary>
    public BytecodeOutcome? Bytecode { get; init; }

    /// <summary>What the exclusions left out and why.</summary>
    public IReadOnlyList<LeftOutItem>? LeftOut { get; init; }

    /// <summary>Warnings about the exclusions, logged again on every run that skips as unchanged.</summary>
    public IReadOnlyList<string>? Warnings { get; init; }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Reads a report, or null when the file is missing or is not a report this version understands.</summary>
    public static PackageRecord? TryRead(string path)
    {
        // A FIFO or device there is never opened: the package is made again and layer.json renamed over it.
        if (FileKinds.OfTarget(path) != FileKind.Regular)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<PackageRecord>(File.ReadAllText(path), JsonOptions);
        }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Writes the report through a temporary file and a rename, so a reader never sees half of it.</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, ToJson() + "\n");
}
