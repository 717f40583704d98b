namespace LambdaLayers.Packaging;

/// <summary>
/// Bounds how many bytes of entries are being compressed or waiting to be written at once, so packaging a
/// large tree keeps a fixed amount of memory however far the compressors run ahead of the writer. One
/// producer acquires (in entry order); the writer releases. An entry larger than the whole window is let
/// through when the window is empty, so nothing waits forever.
/// </summary>
internal sealed class ByteWindow(long capacity)
{
    private readonly Lock _lock = new();
    private long _inUse;
    private TaskCompletionSource? _released;

    private long Cost(long entryBytes) => Math.Min(entryBytes + 4096, capacity);

    public async Task AcquireAsync(long entryBytes, CancellationToken ct)
    {
        var cost = Cost(entryBytes);
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_inUse + cost <= capacity)
                {
                    _inUse += cost;
                    return;
                }
                _released ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _released.Task;
            }
            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    public void Release(long entryBytes)
    {
        TaskCompletionSource? released;
        lock (_lock)
        {
            _inUse -= Cost(entryBytes);
            released = _released;
            _released = null;
        }
        released?.TrySetResult();
    }
}
