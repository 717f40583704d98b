using Amazon.Runtime;

namespace LambdaLayers.Publishing;

/// <summary>
/// Gives the S3 SDK HttpClients over the connection's own handler (<see cref="AwsConnection.Transport"/>),
/// with the same time limit the SDK would have set on its own clients.
/// </summary>
internal sealed class TransportHttpClientFactory(Func<HttpMessageHandler> transport) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(transport(), disposeHandler: true) { Timeout = clientConfig.Timeout ?? Timeout.InfiniteTimeSpan };
}
