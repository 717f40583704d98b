namespace LambdaLayers.Publishing;

/// <summary>
/// How AWS requests are retried: capped exponential backoff with full jitter, and a server's
/// <c>Retry-After</c> honoured when it asks for longer. <see cref="Delay"/> is the clock, so tests replace
/// it with one that records the waits instead of sleeping. Every attempt also has a time limit
/// (<see cref="AttemptTimeout"/>, longer for requests that carry a zip), so a connection that is accepted
/// and never answered fails and is retried instead of hanging the build.
/// </summary>
public sealed class AwsRetryPolicy
{
    public int MaxAttempts { get; init; } = 6;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The longest Retry-After honoured; a server asking for more gets this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest one small request (a list, a get, a manifest) may take before it counts as failed.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The slowest transfer still treated as alive: a request carrying N bytes gets N divided by this on top of <see cref="AttemptTimeout"/>.</summary>
    public long MinimumBytesPerSecond { get; init; } = 64 * 1024;

    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    public Random Jitter { get; init; } = Random.Shared;

    public static AwsRetryPolicy Default { get; } = new();

    /// <summary>The time limit of one attempt that sends or receives <paramref name="bytes"/> of body.</summary>
    public TimeSpan TimeoutFor(long bytes) =>
        AttemptTimeout + TimeSpan.FromSeconds((double)Math.Max(bytes, 0) / Math.Max(MinimumBytesPerSecond, 1));

    /// <summary>The wait before attempt <paramref name="attempt"/>+1, after <paramref name="attempt"/> failures.</summary>
    public TimeSpan DelayBefore(int attempt, TimeSpan? retryAfter)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        var backoff = TimeSpan.FromMilliseconds(Jitter.NextDouble() * ceiling);
        if (retryAfter is { } asked)
        {
            var honoured = asked > MaxRetryAfter ? MaxRetryAfter : asked;
            return honoured > backoff ? honoured : backoff;
        }
        return backoff;
    }
}
