namespace LambdaLayers.Execution;

/// <summary>What a failed build command's output says went wrong.</summary>
public enum BuildFailureKind
{
    /// <summary>Nothing recognised: the error shows the command, exit code and last lines.</summary>
    CommandFailed,

    /// <summary>The private index answered 401/403.</summary>
    IndexAuthentication,

    /// <summary>The index answered with a server error (5xx): the index itself is failing, not the request.</summary>
    IndexServerError,

    /// <summary>The index could not be reached (refused, unknown host, timeout).</summary>
    IndexUnreachable,

    /// <summary>A distribution has no wheel (or version) that fits the target.</summary>
    NoCompatibleDistribution,

    /// <summary>The lock file no longer matches pyproject.toml.</summary>
    LockOutOfDate,
}
