namespace LambdaLayers.Pipeline;

/// <summary>One of the three stages, with the names the front ends give it.</summary>
public sealed record PipelineStage(int Order, string TargetName, string CommandName, string Description)
{
    public static readonly PipelineStage Build = new(1, "BuildLayer", "build",
        "Install the project's dependencies into build/lambda/layer/artifacts/python.");

    public static readonly PipelineStage Package = new(2, "PackageLayer", "package",
        "Build, then write a byte-reproducible layer.zip within Lambda's size limits.");

    public static readonly PipelineStage Publish = new(3, "PublishLayer", "publish",
        "Build and package, then publish a new layer version unless the live layer already matches.");

    public static IReadOnlyList<PipelineStage> All { get; } = [Build, Package, Publish];
}
