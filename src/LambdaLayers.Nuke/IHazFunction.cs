using LambdaLayers.Pipeline;
using Nuke.Common;

namespace LambdaLayers.Nuke;

/// <summary>
/// The function code's parameters, beside the layer's (<see cref="IHazLayer"/>): the same table, the same binding
/// (command line, <c>FUNCTION_NAME</c>/<c>NUKE_FUNCTION_NAME</c>, <c>.nuke/parameters.json</c>, then
/// <c>LAMBDA_LAYERS_*</c> and <c>[tool.lambda-layers]</c>), and the same settings, resolved once per build and passed
/// through <see cref="IHazLayer.ConfigureLayer"/>.
/// </summary>
public interface IHazFunction : IHazLayer
{
    [Parameter("PackageFunction: put the dependencies into function.zip too (for a function without a layer)"), Optional] bool? BundleDependencies => TryGetValue<bool?>(() => BundleDependencies);
    [Parameter("PublishFunction: the Lambda function (name or ARN) whose code is updated"), Optional] string? FunctionName => TryGetValue(() => FunctionName);
    [Parameter("PublishFunction: publish a function version after updating the code"), Optional] bool? PublishVersion => TryGetValue<bool?>(() => PublishVersion);

    /// <summary>The stages the function targets call; replaceable to decorate them.</summary>
    IFunctionStages FunctionStages => new FunctionStages(Serilog.Log.Logger);
}
