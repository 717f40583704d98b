using System.Diagnostics;

namespace LambdaLayers.Execution.Containers;

/// <summary>
/// The docker CLI as a child process (Docker.DotNet is not available, and the CLI also serves podman and
/// remote contexts). The child gets this process's environment plus overrides; secret values reach it
/// only through that environment, never through its arguments.
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

    /// <summary>Runs docker and collects its output (for short queries: info, inspect, rm).</summary>
    public async Task<DockerResult> CaptureAsync(IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var output = new List<string>();
        var errors = new List<string>();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            var exitCode = await RunAsync(arguments, new Dictionary<string, string>(), line => { lock (output) output.Add(line); },
                line => { lock (output) errors.Add(line); }, timeoutSource.Token);
            return new DockerResult(exitCode, output, errors);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DockerResult(-1, output, [.. errors, $"docker did not answer within {timeout.TotalSeconds:0} s"]);
        }
    }

    /// <summary>
    /// Runs docker, handing each output line to the callbacks as it arrives. On cancellation the docker
    /// client is killed (the caller removes the container itself: killing the client does not stop it).
    /// </summary>
    public async Task<int> RunAsync(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> secretEnvironment,
        Action<string> onOutput,
        Action<string> onError,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in _environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        foreach (var (name, value) in secretEnvironment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        process.Start();
        process.StandardInput.Close();
        var readOutput = PumpAsync(process.StandardOutput, onOutput);
        var readErrors = PumpAsync(process.StandardError, onError);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw;
        }
        await Task.WhenAll(readOutput, readErrors);
        return process.ExitCode;
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            onLine(line);
        }
    }
}
