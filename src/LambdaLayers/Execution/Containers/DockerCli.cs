namespace LambdaLayers.Execution.Containers;

/// <summary>
/// The docker CLI as a child process run by <see cref="ProcessRunner"/> (rather than an API client: the CLI
/// follows the user's docker context and also serves podman and remote hosts). The child gets this
/// process's environment plus overrides; a secret reaches it only on standard input, never through its
/// arguments or environment.
/// </summary>
internal sealed class DockerCli
{
    private readonly IReadOnlyDictionary<string, string?> _environment;

    private DockerCli(string executable, IReadOnlyDictionary<string, string?> environment)
    {
        Executable = executable;
        _environment = environment;
    }

    public string Executable { get; }

    /// <summary>Finds <paramref name="command"/> on the PATH the child would see; throws when it is absent.</summary>
    public static DockerCli Locate(string command, IReadOnlyDictionary<string, string?> environmentOverrides)
    {
        var path = environmentOverrides.TryGetValue("PATH", out var overridden) ? overridden : Environment.GetEnvironmentVariable("PATH");
        var executable = ProgramLocator.Find(command, path);
        return executable is null
            ? throw new DockerNotFoundException(command)
            : new DockerCli(executable, environmentOverrides);
    }

    /// <summary>Where the CLI will look for its daemon, for messages.</summary>
    public string DaemonDescription
    {
        get
        {
            var host = Variable("DOCKER_HOST");
            var context = Variable("DOCKER_CONTEXT");
            return !string.IsNullOrEmpty(host) ? $"DOCKER_HOST={host}"
                : !string.IsNullOrEmpty(context) ? $"docker context {context}"
                : "the default docker context";
        }
    }

    /// <summary>True when the daemon is on this machine's unix socket (so /proc describes its kernel).</summary>
    public bool DaemonIsLocalSocket
    {
        get
        {
            var host = Variable("DOCKER_HOST");
            return string.IsNullOrEmpty(host) || host.StartsWith("unix://", StringComparison.Ordinal);
        }
    }

    /// <summary>A variable as the child sees it: the override (null when removed), else this process's.</summary>
    private string? Variable(string name) =>
        _environment.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name);

    /// <summary>Runs docker and collects its output (for short queries: info, inspect, rm); a time-out is a failed result.</summary>
    public async Task<DockerResult> CaptureAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(Request(arguments) with { TimeLimit = timeout }, cancellationToken);
        var errors = result.StandardError.ToList();
        if (result.TimedOut)
        {
            errors.Add($"docker did not answer within {timeout.TotalSeconds:0} s");
        }
        return new DockerResult(result.TimedOut ? -1 : result.ExitCode, [.. result.StandardOutput], errors);
    }

    /// <summary>
    /// Runs docker, handing each (masked) output line to <paramref name="onLine"/> as it arrives and
    /// <paramref name="standardInput"/> to its standard input. On cancellation or at the time limit the docker
    /// client is stopped (the caller removes the container itself: stopping the client does not stop it).
    /// </summary>
    public Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, string? standardInput, SecretMasker masker,
        Action<ProcessLine> onLine, TimeSpan? timeLimit, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(Request(arguments) with
        {
            StandardInput = standardInput,
            Masker = masker,
            OnLine = onLine,
            TimeLimit = timeLimit,
            KeptLines = 1000,
        }, cancellationToken);

    private ProcessRequest Request(IReadOnlyList<string> arguments) => new(Executable, arguments)
    {
        Environment = _environment,
        Purpose = "run the container build",
    };
}
