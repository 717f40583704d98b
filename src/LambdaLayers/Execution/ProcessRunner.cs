using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace LambdaLayers.Execution;

/// <summary>
/// The one place the library starts child processes: the build tools of <see cref="HostExecutor"/>, the
/// docker CLI, version probes and stat(1) all come through here. A program starts from an argument list
/// (no shell), with this process's environment less the cleared prefixes plus its own variables; its
/// standard input gets the request's content and is closed; every line of stdout and stderr is masked with
/// the request's <see cref="SecretMasker"/> before anyone sees it.
/// <para>
/// On cancellation or at the time limit the child is stopped with its whole process tree
/// (<see cref="Process.Kill(bool)"/> with <c>entireProcessTree: true</c>), so pip's build-backend
/// subprocesses and compilers go with it. Why the tree and not a process group of its own: .NET cannot put a
/// child into a new group before it runs (there is no setpgid between fork and exec, and setpgid after
/// <see cref="Process.Start()"/> fails with EACCES once the child has exec'd), so a group would need
/// setsid(1) (Linux only, and it also cuts the child off the terminal) or a fork/exec of our own. The tree
/// kill works the same on Linux, macOS and Windows; on Unix it stops (SIGSTOP) each process before listing
/// its children and then kills it, so a tool that is forking cannot slip a new child past it. And the
/// children stay in the tool's process group, so a terminal's Ctrl-C still reaches them directly when a
/// front end does not listen for signals. What it cannot reach is a descendant whose parent already exited
/// (a daemon); pip, Poetry and uv leave none.
/// </para>
/// </summary>
public static class ProcessRunner
{
    // After the child exits (or is killed), how long its output may still take to arrive. A descendant
    // that outlives it could hold the pipes open for ever; its output is then cut off, never waited for.
    private static readonly TimeSpan OutputDrainLimit = TimeSpan.FromSeconds(10);

    private static readonly UTF8Encoding Utf8WithoutBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Runs the program to its end. Throws <see cref="ToolNotFoundException"/> when it cannot be found or
    /// started, and <see cref="OperationCanceledException"/> after stopping it when
    /// <paramref name="cancellationToken"/> fires; a time-out is not an exception but
    /// <see cref="ProcessResult.TimedOut"/>, since each caller explains it in its own words.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var kept = new Queue<ProcessLine>();
        void Receive(string text, bool isError)
        {
            var line = new ProcessLine(request.Masker.Apply(text), isError);
            lock (kept)
            {
                kept.Enqueue(line);
                if (kept.Count > request.KeptLines)
                {
                    kept.Dequeue();
                }
            }
            request.OnLine?.Invoke(line);
        }

        using var process = new Process { StartInfo = StartInfo(request) };
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            throw ToolNotFoundException.For(request.Program, request.Purpose);
        }
        var streams = Task.WhenAll(
            PumpAsync(process.StandardOutput, line => Receive(line, false)),
            PumpAsync(process.StandardError, line => Receive(line, true)),
            FeedAsync(process.StandardInput, request.StandardInput));

        using var deadline = new CancellationTokenSource();
        if (request.TimeLimit is { } limit)
        {
            deadline.CancelAfter(limit);
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            StopTree(process);
            await WaitAtMostAsync(process.WaitForExitAsync(CancellationToken.None));
            await WaitAtMostAsync(streams);
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The process was stopped because the run was cancelled.", cancellationToken);
            }
            timedOut = true;
        }
        await WaitAtMostAsync(streams);

        // A child that failed while the run was being cancelled failed because of it (a terminal's Ctrl-C
        // reaches the child as well as this process): that is a cancellation, not an error of its own.
        if (!timedOut && cancellationToken.IsCancellationRequested && process.ExitCode != 0)
        {
            throw new OperationCanceledException("The process ended while the run was being cancelled.", cancellationToken);
        }
        ProcessLine[] lines;
        lock (kept)
        {
            lines = kept.ToArray();
        }
        return new ProcessResult(process.HasExited ? process.ExitCode : -1, timedOut, lines);
    }

    /// <summary>
    /// <see cref="RunAsync"/> for callers that cannot wait asynchronously (interpreter and owner probes,
    /// which are short and always carry a time limit).
    /// </summary>
    public static ProcessResult Run(ProcessRequest request) => RunAsync(request, CancellationToken.None).GetAwaiter().GetResult();

    private static ProcessStartInfo StartInfo(ProcessRequest request)
    {
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8WithoutBom,
            WorkingDirectory = request.WorkingDirectory ?? "",
        };
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (request.ClearedEnvironmentPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                start.Environment.Remove(name);
            }
        }
        foreach (var (name, value) in request.Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
        // Found on the PATH the child will have, so a plan that sets PATH finds its own tools.
        start.FileName = ProgramLocator.Find(request.Program, start.Environment.TryGetValue("PATH", out var path) ? path : null)
            ?? throw ToolNotFoundException.For(request.Program, request.Purpose);
        foreach (var argument in request.Arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    private static async Task WaitAtMostAsync(Task task)
    {
        try
        {
            await task.WaitAsync(OutputDrainLimit);
        }
        catch (TimeoutException)
        {
            // Given up on, see OutputDrainLimit.
        }
    }

    private static void StopTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
        }
        catch (AggregateException)
        {
            // A descendant exited between being listed and being signalled.
        }
        catch (Win32Exception)
        {
            // Same, reported by the platform.
        }
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> receive)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                receive(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe went away with the process (or was abandoned after OutputDrainLimit).
        }
    }

    private static async Task FeedAsync(StreamWriter input, string? content)
    {
        try
        {
            if (content is not null)
            {
                await input.WriteAsync(content);
                await input.FlushAsync();
            }
            input.Close();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The child exited without reading all of it.
        }
    }
}
