using Amazon.Runtime;

namespace LambdaLayers.Publishing;

/// <summary>
/// Where and as whom the publisher talks to AWS: resolved credentials, the region, the Lambda endpoint,
/// and the S3 endpoint override (null uses the SDK's regional endpoint with virtual-hosted addressing).
/// </summary>
public sealed record AwsConnection(AWSCredentials Credentials, string Region, Uri LambdaEndpoint, Uri? S3Endpoint)
{
    /// <summary>
    /// Makes the innermost HTTP handler of the Lambda and S3 clients; null uses a plain
    /// <see cref="SocketsHttpHandler"/>. The benchmark puts a counting handler here to measure what a run sends.
    /// </summary>
    public Func<HttpMessageHandler>? Transport { get; init; }
}
