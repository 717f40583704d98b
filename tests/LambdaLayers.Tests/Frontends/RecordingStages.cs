using LambdaLayers.Packaging;
using LambdaLayers.Pipeline;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;

namespace LambdaLayers.Tests.Frontends;

/// <summary>
/// Records which stage a front end called and with which settings, so tests of the NUKE targets and the CLI
/// can check the wiring without building a layer. The stages themselves are tested for real elsewhere.
/// </summary>
internal sealed class RecordingStages : ILayerStages
{
    public List<(string Stage, LayerSettings Settings)> Calls { get; } = [];

    public Task<BuildLayerResult> BuildAsync(LayerSettings settings, CancellationToken cancellationToken)
    {
        Calls.Add(("build", settings));
        var record = new BuildRecord("fp", "hash", settings.Tool.ToString(), settings.Runtime.Name, settings.Architecture.Name, settings.Mode.Name(), DateTimeOffset.UnixEpoch);
        return Task.FromResult(new BuildLayerResult(true, "recorded", record, settings.Layout.ArtifactsDirectory, TimeSpan.Zero));
    }

    public Task<PackageLayerResult> PackageAsync(LayerSettings settings, CancellationToken cancellationToken)
    {
        Calls.Add(("package", settings));
        return Task.FromResult(new PackageLayerResult(true, "recorded", new PackageRecord
        {
            PackagerFormatVersion = 1, Fingerprint = "fp", ArtifactsHash = "hash", ArtifactsStatSignature = "stat", ArtifactsShapeSignature = "shape",
            ZipSha256 = "00", CodeSha256 = "AA==", ZipBytes = 10, ZipLastWriteUtc = DateTime.UnixEpoch, UnzippedBytes = 20, FileCount = 1,
            ZipRoot = "python/", CompressionLevel = 6, Zip64 = false, Distributions = [], ExcludedDistributions = [], ExcludedFiles = 0, ExcludedBytes = 0,
        }));
    }

    public async Task<IReadOnlyList<PublishRecord>> PublishMatrixAsync(LayerMatrix matrix, CancellationToken cancellationToken)
    {
        var records = new List<PublishRecord>();
        foreach (var entry in matrix.Entries)
        {
            records.Add(await PublishAsync(entry, cancellationToken));
        }
        return records;
    }

    public Task<PublishRecord> PublishAsync(LayerSettings settings, CancellationToken cancellationToken)
    {
        Calls.Add(("publish", settings));
        return Task.FromResult(new PublishRecord
        {
            LayerName = settings.LayerName!, LayerArn = "arn:aws:lambda:eu-west-1:123456789012:layer:" + settings.LayerName,
            LayerVersionArn = "arn:aws:lambda:eu-west-1:123456789012:layer:" + settings.LayerName + ":4", Version = 4,
            Result = PublishRecord.PublishedResult, Reason = "recorded", CodeSha256 = "AA==", Sha256 = "00", Fingerprint = "fp", Description = "d",
        });
    }
}
