using LambdaLayers.Execution.Containers;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Pipeline;

/// <summary>The production function stages: <see cref="PackageFunctionStage"/> and <see cref="PublishFunctionStage"/>.</summary>
public sealed class FunctionStages : IFunctionStages
{
    private readonly ILogger log;
    private readonly Func<LayerSettings, AwsConnection> connect;
    private readonly AwsRetryPolicy retry;

    /// <summary>Production: credentials, region and endpoints from the settings, environment and AWS profile files.</summary>
    public FunctionStages(ILogger log) : this(log, settings => new AwsConnectionResolver().Resolve(settings), AwsRetryPolicy.Default)
    {
    }

    /// <param name="connect">Resolves credentials, region and endpoints (tests point it at their fakes).</param>
    /// <param name="retry">Attempts, backoff and time limits of every AWS request (and the clock a code update is waited on).</param>
    public FunctionStages(ILogger log, Func<LayerSettings, AwsConnection> connect, AwsRetryPolicy retry)
    {
        this.log = log;
        this.connect = connect;
        this.retry = retry;
    }

    /// <summary>How often PublishFunction looks at a code update in progress.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    public Task<PackageFunctionResult> PackageAsync(LayerSettings settings, CancellationToken cancellationToken) =>
        new PackageFunctionStage(log, _ => new ContainerExecutor(log)).RunAsync(settings, cancellationToken);

    public Task<FunctionPublishRecord> PublishAsync(LayerSettings settings, string? layerVersionArn, CancellationToken cancellationToken) =>
        new PublishFunctionStage(log, connect, retry) { PollInterval = PollInterval }.RunAsync(settings, layerVersionArn, cancellationToken);
}
