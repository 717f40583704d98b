namespace LambdaLayers.Benchmarks;

/// <summary>
/// The innermost HTTP handler of the Lambda and S3 clients in the benchmark: counts requests and the request
/// body bytes that actually leave the process, so "nothing uploaded" is measured, not assumed.
/// </summary>
public sealed class CountingTransport
{
    private long requests;
    private long bodyBytes;
    private long unknownLengths;

    public long Requests => Interlocked.Read(ref requests);

    public long BodyBytes => Interlocked.Read(ref bodyBytes);

    /// <summary>Requests whose body length was not declared (counted as 0 bytes); should stay 0.</summary>
    public long UnknownLengths => Interlocked.Read(ref unknownLengths);

    public HttpMessageHandler CreateHandler() => new Counter(this) { InnerHandler = new SocketsHttpHandler() };

    private sealed class Counter(CountingTransport owner) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref owner.requests);
            if (request.Content is { } content)
            {
                if (content.Headers.ContentLength is { } length)
                {
                    Interlocked.Add(ref owner.bodyBytes, length);
                }
                else
                {
                    Interlocked.Increment(ref owner.unknownLengths);
                }
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
