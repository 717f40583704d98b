namespace LambdaLayers.Publishing;

/// <summary>
/// One live layer version as Lambda describes it. <see cref="CodeSha256"/> and <see cref="CodeSize"/>
/// are known only from PublishLayerVersion and GetLayerVersion; ListLayerVersions does not return them.
/// </summary>
public sealed record LayerVersion
{
    public required string LayerVersionArn { get; init; }

    public string? LayerArn { get; init; }

    public required long Version { get; init; }

    public string? Description { get; init; }

    public DateTimeOffset? CreatedDate { get; init; }

    /// <summary>Base64 SHA-256 of the layer's zip, as Lambda reports it.</summary>
    public string? CodeSha256 { get; init; }

    public long? CodeSize { get; init; }

    public IReadOnlyList<string> CompatibleRuntimes { get; init; } = [];

    public IReadOnlyList<string> CompatibleArchitectures { get; init; } = [];

    public string? LicenseInfo { get; init; }

    /// <summary>The layer ARN: the version ARN without its trailing <c>:version</c>.</summary>
    public string EffectiveLayerArn => LayerArn ?? LayerVersionArn[..LayerVersionArn.LastIndexOf(':')];
}
