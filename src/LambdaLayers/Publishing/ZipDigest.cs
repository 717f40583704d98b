using System.Security.Cryptography;
using LambdaLayers.FileSystem;

namespace LambdaLayers.Publishing;

/// <summary>The layer zip's size and SHA-256, hex (S3 keys and metadata) and base64 (Lambda's CodeSha256).</summary>
public sealed record ZipDigest(long Size, string Sha256Hex, string CodeSha256)
{
    public static async Task<ZipDigest> ComputeAsync(string zipPath, CancellationToken ct)
    {
        await using var stream = RegularFile.OpenRead(zipPath, "Run PackageLayer again to write layer.zip.");
        var hash = await SHA256.HashDataAsync(stream, ct);
        return new ZipDigest(stream.Length, Convert.ToHexStringLower(hash), Convert.ToBase64String(hash));
    }
}
