namespace LambdaLayers.Execution;

/// <summary>
/// What <see cref="ProcessRunner"/> starts: a program and its argument list (never a shell string), the
/// environment it gets on top of this process's, its working folder, what it reads on standard input, and
/// how long it may take.
/// </summary>
public sealed record ProcessRequest(string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>The folder the program starts in; null for this process's current folder.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set for the child (a null value removes an inherited one), applied after <see cref="ClearedEnvironmentPrefixes"/>.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Prefixes of inherited variables removed before <see cref="Environment"/> is applied (<c>PIP_</c>).</summary>
    public IReadOnlyList<string> ClearedEnvironmentPrefixes { get; init; } = [];

    /// <summary>
    /// Written to the child's standard input, which is then closed; null closes it at once, so no tool can
    /// sit waiting for a password. The way to hand a child a secret that must not be in its argv or environment.
    /// </summary>
    public string? StandardInput { get; init; }

    /// <summary>After this long the child and its whole process tree are stopped and the result says so; null waits for ever.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Applied to every line before it is handed on or kept.</summary>
    public SecretMasker Masker { get; init; } = SecretMasker.None;

    /// <summary>Called with each line as it arrives, from either stream (masked).</summary>
    public Action<ProcessLine>? OnLine { get; init; }

    /// <summary>How many of the last lines the result keeps; enough to explain a failure without holding a whole build log.</summary>
    public int KeptLines { get; init; } = int.MaxValue;

    /// <summary>What the program is needed for ("pip install into artifacts/python"), for the error when it cannot be found.</summary>
    public string? Purpose { get; init; }
}
