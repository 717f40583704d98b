using System.Diagnostics;
using System.Text;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Frontends;

/// <summary>
/// SIGTERM on the reference consumer (the real NUKE build, run as <c>./build.sh</c> runs it) while pip is blocked in
/// a build backend: the layer target must stop pip and the backend, log "Cancelled", fail and end the build — not
/// return while pip keeps running.
/// </summary>
public sealed class NukeSignalTests(ReferenceConsumer consumer) : IClassFixture<ReferenceConsumer>
{
    private const int NukeFailedBuild = 255;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sigterm_stops_pip_and_its_build_backend_and_the_target_fails_as_cancelled()
    {
        ProcessTable.Require();
        var python = TestEnvironment.RequireProgram("python3.11");
        using var temp = new TemporaryDirectory("ll-nuke-signal");
        var marker = $"nuke-{Guid.NewGuid():N}";
        Directory.CreateDirectory(temp.Combine("root", ".nuke"));
        File.WriteAllText(temp.Combine("root", ".nuke", "parameters.json"), "{}");
        var project = BlockingProject.Write(temp.Combine("root", "project"), temp.Combine("slowpkg"));
        using var build = Start(temp.Combine("root"), ["BuildLayer", "--project", "project", "--runtime", "python3.11", "--python", python, "--mode", "local"], marker);
        var output = new StringBuilder();
        build.OutputDataReceived += (_, line) => { if (line.Data is not null) lock (output) output.AppendLine(line.Data); };
        build.ErrorDataReceived += (_, line) => { if (line.Data is not null) lock (output) output.AppendLine(line.Data); };
        build.BeginOutputReadLine();
        build.BeginErrorReadLine();

        var clock = Stopwatch.StartNew();
        IReadOnlyList<int> tree = [];
        while (!tree.Any(pid => ProcessTable.CommandLine(pid).Contains("_in_process")) && clock.Elapsed < TimeSpan.FromSeconds(180) && !build.HasExited)
        {
            await Task.Delay(200, Ct);
            tree = ProcessTable.WithEnvironmentMarker(marker).Where(pid => pid != build.Id).ToList();
        }
        Assert.False(build.HasExited, $"the build ended before the backend started: {Text(output)}");
        Assert.Contains(tree, pid => ProcessTable.CommandLine(pid).Contains("pip"));

        ProcessTable.Signal(build.Id, 15);
        var exited = build.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.True(exited, $"the NUKE build did not exit within 60 s of SIGTERM: {Text(output)}");
        build.WaitForExit();
        var log = ReferenceConsumer.Ansi().Replace(Text(output), "");
        Assert.True(build.ExitCode == NukeFailedBuild, $"exit code {build.ExitCode}: {log}");
        Assert.Contains("Cancelled", log);
        Assert.Matches(@"BuildLayer\s+Failed", log);
        Assert.Empty(await ProcessTable.WaitUntilGoneAsync(tree, TimeSpan.FromSeconds(10)));
        Assert.Empty(ProcessTable.WithEnvironmentMarker(marker));
        Assert.False(Directory.Exists(Path.Combine(project, "build", "lambda", "layer", "artifacts")), "no half-written artifacts/");
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private Process Start(string root, IEnumerable<string> arguments, string marker)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { consumer.BuildAssembly }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        foreach (var (name, value) in ReferenceConsumer.CleanEnvironment())
        {
            start.Environment[name] = value;
        }
        start.Environment["LL_SIGNAL_TEST_MARKER"] = marker;
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }
}
