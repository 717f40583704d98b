namespace LambdaLayers.Pipeline;

/// <summary>One of the two function stages, with the names the front ends give it (beside the layer's <see cref="PipelineStage"/>s).</summary>
public sealed record FunctionStage(int Order, string TargetName, string CommandName, string Description)
{
    public static readonly FunctionStage Package = new(1, "PackageFunction", "package-function",
        "Build the project through its own build backend and write a byte-reproducible function.zip (the code, without dependencies unless bundled).");

    public static readonly FunctionStage Publish = new(2, "PublishFunction", "publish-function",
        "Package, then upload function.zip to S3 once under its SHA-256 and, with --function-name, update the function's code.");

    public static IReadOnlyList<FunctionStage> All { get; } = [Package, Publish];
}
