using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LambdaLayers.Tests.Support;

/// <summary>
/// A real TCP endpoint on 127.0.0.1 that accepts every connection and then never answers (or, with
/// <see cref="StartSendingPartOf"/>, answers with headers and part of a body and then goes silent): the
/// stalled server that a time limit must turn into an error instead of a hang. Counts the connections it accepted.
/// </summary>
public sealed class StalledEndpoint : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly List<TcpClient> held = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly byte[]? partialAnswer;
    private int accepted;

    private StalledEndpoint(byte[]? partialAnswer)
    {
        this.partialAnswer = partialAnswer;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Uri = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        loop = AcceptAsync();
    }

    public Uri Uri { get; }

    public int AcceptedConnections => Volatile.Read(ref accepted);

    /// <summary>Accepts connections and never sends a byte.</summary>
    public static StalledEndpoint Start() => new(null);

    /// <summary>
    /// Answers every request with a 200, the given headers and a Content-Length of <paramref name="declaredLength"/>,
    /// sends <paramref name="sentBody"/> and then nothing more, keeping the connection open.
    /// </summary>
    public static StalledEndpoint StartSendingPartOf(long declaredLength, byte[] sentBody, IReadOnlyDictionary<string, string> headers)
    {
        var head = new StringBuilder("HTTP/1.1 200 OK\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        head.Append("Content-Length: ").Append(declaredLength).Append("\r\n\r\n");
        return new StalledEndpoint([.. Encoding.ASCII.GetBytes(head.ToString()), .. sentBody]);
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }
            Interlocked.Increment(ref accepted);
            lock (held)
            {
                held.Add(client);
            }
            if (partialAnswer is not null)
            {
                _ = AnswerPartlyAsync(client);
            }
        }
    }

    private async Task AnswerPartlyAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            // Read the request head (up to the blank line), then send the partial answer and fall silent.
            var seen = new List<byte>();
            var buffer = new byte[4096];
            while (!EndsWithBlankLine(seen))
            {
                var read = await stream.ReadAsync(buffer, stop.Token);
                if (read == 0)
                {
                    return;
                }
                seen.AddRange(buffer.AsSpan(0, read).ToArray());
            }
            await stream.WriteAsync(partialAnswer, stop.Token);
            await stream.FlushAsync(stop.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && Encoding.ASCII.GetString(bytes.ToArray()).Contains("\r\n\r\n", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        lock (held)
        {
            foreach (var client in held)
            {
                client.Dispose();
            }
        }
        stop.Dispose();
    }
}
