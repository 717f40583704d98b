using LambdaLayers.Execution;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Execution;

/// <summary>
/// The one process runner, on real processes: streaming and masking, standard input, the environment, and
/// that a time-out or a cancellation stops the child's whole process tree (a grandchild included).
/// </summary>
public sealed class ProcessRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A child (sh) that starts a grandchild (sleep), prints the grandchild's pid, and waits for it: the shape
    // of pip running a build backend.
    private static readonly ProcessRequest SpawnGrandchild = new("/bin/sh", ["-c", "sleep 300 & echo grandchild $!; wait"]);

    [Fact]
    public async Task Lines_from_both_streams_are_masked_streamed_and_kept_and_stdin_content_arrives()
    {
        var python = TestEnvironment.RequireProgram("python3");
        var streamed = new List<ProcessLine>();
        var request = new ProcessRequest(python, ["-c",
            "import os, sys; data = sys.stdin.read(); print('got', data.strip()); print('err', os.environ['TOKEN'], file=sys.stderr); " +
            "print('HOME' in os.environ, 'PATH' in os.environ, os.environ.get('DROP_ONE')); sys.exit(4)"])
        {
            StandardInput = "from-stdin s3cr3t-value\n",
            Environment = new Dictionary<string, string?> { ["TOKEN"] = "s3cr3t-value", ["HOME"] = null },
            ClearedEnvironmentPrefixes = ["DROP_"],
            Masker = new SecretMasker(["s3cr3t-value"]),
            OnLine = line => { lock (streamed) streamed.Add(line); },
        };
        Environment.SetEnvironmentVariable("DROP_ONE", "inherited");
        try
        {
            var result = await ProcessRunner.RunAsync(request, Ct);

            Assert.Equal(4, result.ExitCode);
            Assert.False(result.TimedOut);
            Assert.Equal(["got from-stdin ****", "False True None"], result.StandardOutput);
            Assert.Equal(["err ****"], result.StandardError);
            Assert.Equal(result.Lines.OrderBy(l => l.Text), streamed.OrderBy(l => l.Text));
            Assert.DoesNotContain(streamed, l => l.Text.Contains("s3cr3t"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("DROP_ONE", null);
        }
    }

    [Fact]
    public async Task Only_the_last_lines_are_kept()
    {
        var python = TestEnvironment.RequireProgram("python3");
        var result = await ProcessRunner.RunAsync(new ProcessRequest(python, ["-c", "for i in range(1000): print(i)"]) { KeptLines = 3 }, Ct);
        Assert.Equal(["997", "998", "999"], result.StandardOutput);
    }

    [Fact]
    public async Task A_time_out_stops_the_child_and_its_grandchild()
    {
        ProcessTable.Require();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await ProcessRunner.RunAsync(SpawnGrandchild with { TimeLimit = TimeSpan.FromSeconds(3) }, Ct);

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        var grandchild = int.Parse(Assert.Single(result.StandardOutput).Split(' ')[1]);
        Assert.Empty(await ProcessTable.WaitUntilGoneAsync([grandchild], TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Cancellation_stops_the_child_and_its_grandchild_and_throws()
    {
        ProcessTable.Require();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var grandchild = new TaskCompletionSource<int>();
        var request = SpawnGrandchild with
        {
            OnLine = line => grandchild.TrySetResult(int.Parse(line.Text.Split(' ')[1])),
        };

        var run = ProcessRunner.RunAsync(request, cancel.Token);
        var pid = await grandchild.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.True(ProcessTable.IsRunning(pid));
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(await ProcessTable.WaitUntilGoneAsync([pid], TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_missing_program_is_named()
    {
        var error = await Assert.ThrowsAsync<ToolNotFoundException>(() =>
            ProcessRunner.RunAsync(new ProcessRequest("no-such-program-xyz", []) { Purpose = "prove a point" }, Ct));
        Assert.Equal("no-such-program-xyz", error.Program);
        Assert.Contains("it is needed to prove a point", error.Message);
    }

    /// <summary>The library starts child processes from one file only: a new one must go through the runner.</summary>
    [Fact]
    public void The_library_starts_processes_from_the_runner_only()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));
        string[] starts = ["ProcessStartInfo", "Process.Start(", "new Process {", "new Process(", "new Process()"];

        var starters = sources.Where(f => starts.Any(File.ReadAllText(f).Contains))
            .Select(f => Path.GetRelativePath(RepositoryPaths.Root, f).Replace('\\', '/'))
            .ToList();

        Assert.Equal(["src/LambdaLayers/Execution/ProcessRunner.cs"], starters);
    }
}
