using LambdaLayers.Pipeline;
using Nuke.Common;

namespace LambdaLayers.Nuke;

/// <summary>PublishFunction: uploads function.zip to S3 once and, with a function name, updates that function's code.</summary>
public interface IPublishFunction : IPackageFunction
{
    // After PublishLayer when the build has it, so the function's manifest records the layer version of the same run.
    Target PublishFunction => _ => _
        .Description("Uploads function.zip to S3 under its SHA-256 and, with --function-name, updates the function's code when it differs")
        .DependsOn(PackageFunction)
        .TryAfter<IPublishLayer>(x => x.PublishLayer)
        .Executes(async () => { await FunctionTarget.RunAsync(this, FunctionStage.Publish); });
}
