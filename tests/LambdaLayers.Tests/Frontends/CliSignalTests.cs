using System.Diagnostics;
using System.Runtime.InteropServices;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Frontends;

/// <summary>
/// Ctrl-C, SIGTERM and SIGHUP on the real CLI process while pip is blocked in a build backend (a grandchild of the
/// CLI): the CLI must stop pip and the backend, say "Cancelled" and exit with the signal's code.
/// </summary>
public sealed class CliSignalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("SIGTERM", 15, 143)]
    [InlineData("SIGINT", 2, 130)]
    [InlineData("SIGHUP", 1, 129)]
    public async Task A_signal_stops_pip_and_its_build_backend_and_the_cli_says_cancelled(string name, int signal, int exitCode)
    {
        ProcessTable.Require();
        var python = TestEnvironment.RequireProgram("python3.11");
        using var temp = new TemporaryDirectory("ll-signal");
        var marker = $"{name}-{Guid.NewGuid():N}";
        var project = BlockingProject.Write(temp.Combine("project"), temp.Combine("slowpkg"));
        using var cli = StartCli(["build", "--project", project, "--runtime", "python3.11", "--python", python], marker);
        var stderr = cli.StandardError.ReadToEndAsync(Ct);
        var stdout = cli.StandardOutput.ReadToEndAsync(Ct);

        // pip (the CLI's child) and the backend hook it started (its child) are up, blocked for ten minutes.
        var clock = Stopwatch.StartNew();
        IReadOnlyList<int> tree = [];
        while (!tree.Any(pid => ProcessTable.CommandLine(pid).Contains("_in_process")) && clock.Elapsed < TimeSpan.FromSeconds(120) && !cli.HasExited)
        {
            await Task.Delay(200, Ct);
            tree = ProcessTable.WithEnvironmentMarker(marker).Where(pid => pid != cli.Id).ToList();
        }
        if (cli.HasExited)
        {
            Assert.Fail($"the CLI ended (exit code {cli.ExitCode}) before the backend started: {await stderr}");
        }
        Assert.Contains(tree, pid => ProcessTable.CommandLine(pid).Contains("pip"));
        Assert.Contains(tree, pid => ProcessTable.CommandLine(pid).Contains("_in_process"));

        var signalled = Stopwatch.StartNew();
        ProcessTable.Signal(cli.Id, signal);
        var exited = cli.WaitForExit(TimeSpan.FromSeconds(60));
        var took = signalled.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: the CLI exited {took.TotalMilliseconds:0} ms after the signal");

        Assert.True(exited, $"the CLI did not exit within 60 s of {name}");
        var log = await stderr;
        Assert.Equal(exitCode, cli.ExitCode);
        Assert.Contains("Cancelled", log);
        Assert.Empty(await ProcessTable.WaitUntilGoneAsync(tree, TimeSpan.FromSeconds(10)));
        Assert.Empty(ProcessTable.WithEnvironmentMarker(marker));
        Assert.DoesNotContain("Unexpected", log);
        Assert.False(Directory.Exists(Path.Combine(project, "build", "lambda", "layer", "artifacts")), "no half-written artifacts/");
        Assert.Equal("", await stdout); // no summary for a cancelled run
    }

    // The CLI as a user runs it: its own process, `dotnet lambda-layers.dll`, with a marker in its environment
    // that every process it starts inherits.
    private static Process StartCli(IEnumerable<string> arguments, string marker)
    {
        var dotnet = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "lambda-layers.dll") }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("PIP_", StringComparison.Ordinal) || k.StartsWith("LAMBDA_LAYERS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }
        start.Environment["LL_SIGNAL_TEST_MARKER"] = marker;
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }
}
