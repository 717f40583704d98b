namespace LambdaLayers.Publishing;

/// <summary>
/// How AWS requests are retried: capped exponential backoff with full jitter, and a server's
/// <c>Retry-After</c> honoured when it asks for longer. <see cref="Delay"/> is the clock, so tests replace
/// it with one that records the waits instead of sleeping.
/// </summary>
public sealed class RetryPolicy
{
    public int MaxAttempts { get; init; } = 6;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The longest Retry-After honoured; a server asking for more gets this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(2);

    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    public Random Jitter { get; init; } = Random.Shared;

    public static RetryPolicy Default { get; } = new();

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
