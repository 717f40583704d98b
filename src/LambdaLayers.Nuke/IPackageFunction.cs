using LambdaLayers.Pipeline;
using Nuke.Common;

namespace LambdaLayers.Nuke;

/// <summary>PackageFunction: builds the project through its own build backend into build/lambda/function/function.zip.</summary>
public interface IPackageFunction : IHazFunction
{
    // After PackageLayer when the build has it, so the budget counts the function with the layer just packaged.
    Target PackageFunction => _ => _
        .Description("Builds the project's wheel through its own build backend and packages it, without dependencies, into function.zip")
        .TryAfter<IPackageLayer>(x => x.PackageLayer)
        .Executes(async () => { await FunctionTarget.RunAsync(this, FunctionStage.Package); });
}
