namespace LambdaLayers.Tests.Publishing;

/// <summary>A layer version held by the fake Lambda, with its resource policy statements.</summary>
public sealed class FakeLayerVersion
{
    public required string LayerName { get; init; }
    public required long Version { get; init; }
    public required string Description { get; init; }
    public required string CodeSha256 { get; init; }
    public required long CodeSize { get; init; }
    public required DateTimeOffset CreatedDate { get; init; }
    public IReadOnlyList<string> CompatibleRuntimes { get; init; } = [];
    public IReadOnlyList<string> CompatibleArchitectures { get; init; } = [];
    public string? LicenseInfo { get; init; }
    public string? S3Bucket { get; init; }
    public string? S3Key { get; init; }
    public Dictionary<string, (string Principal, string? OrganizationId)> Statements { get; } = [];
}
