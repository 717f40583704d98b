namespace LambdaLayers.Publishing;

/// <summary>
/// The body of PublishLayerVersion: the code comes either from S3 (<see cref="S3Bucket"/>/<see cref="S3Key"/>)
/// or inline (<see cref="ZipFile"/>, up to Lambda's 50 MB direct-upload limit).
/// </summary>
public sealed record PublishLayerVersionRequest
{
    public required string Description { get; init; }

    public string? S3Bucket { get; init; }

    public string? S3Key { get; init; }

    public ReadOnlyMemory<byte>? ZipFile { get; init; }

    public IReadOnlyList<string> CompatibleRuntimes { get; init; } = [];

    public IReadOnlyList<string> CompatibleArchitectures { get; init; } = [];

    public string? LicenseInfo { get; init; }
}
