using System.Security.Cryptography;
using LambdaLayers.Packaging;
using LambdaLayers.Settings;

namespace LambdaLayers.Pipeline;

/// <summary>
/// Whether the build folder already holds the packaged layer for a fingerprint, without looking at
/// <c>artifacts/</c>: layer.json was written for this fingerprint and layer.zip is the zip it describes. That is
/// the state a download from the build cache leaves (no artifacts/), and it is enough for PackageLayer and
/// PublishLayer, which only need the zip.
/// </summary>
public static class CurrentLayerZip
{
    /// <summary>The report of the current zip, or null when there is none for this fingerprint.</summary>
    public static PackageRecord? Find(LayerSettings settings, string fingerprint)
    {
        var layout = settings.Layout;
        if (PackageRecord.TryRead(layout.PackageRecordPath) is not { } report || report.Fingerprint != fingerprint)
        {
            return null;
        }
        var zip = new FileInfo(layout.ZipPath);
        if (!zip.Exists || zip.Length != report.ZipBytes)
        {
            return null;
        }
        if (zip.LastWriteTimeUtc == report.ZipLastWriteUtc)
        {
            return report;
        }
        // Touched since it was written or restored: its bytes decide.
        using var stream = zip.OpenRead();
        return Convert.ToHexStringLower(SHA256.HashData(stream)) == report.ZipSha256 ? report : null;
    }
}
