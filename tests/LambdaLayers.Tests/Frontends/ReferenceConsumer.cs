using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Frontends;

/// <summary>
/// The repository's NUKE build (<c>build/_build.csproj</c>, the reference consumer of the components), built
/// once per test run and then run as a process per test, the way <c>./build.sh</c> runs it: <c>dotnet
/// _build.dll ARGS</c> in a folder whose <c>.nuke/</c> makes it NUKE's root. Also holds the sample index's
/// wheels (<c>samples/make_wheelhouse.py</c>), written once.
/// </summary>
public sealed partial class ReferenceConsumer : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    private readonly TemporaryDirectory wheels = new("ll-nuke-wheels");

    public string BuildAssembly { get; } = Path.Combine(RepositoryPaths.Root, "build", "bin", "Release", "_build.dll");

    /// <summary>The wheels of samples/pip's index, in one folder for <see cref="PackageIndexServer"/>.</summary>
    public string SampleWheels => wheels.Path;

    public async ValueTask InitializeAsync()
    {
        var build = await RunProcessAsync("dotnet",
            ["build", Path.Combine(RepositoryPaths.Root, "build", "_build.csproj"), "-c", "Release", "-nologo", "-v", "quiet",
             "-clp:NoSummary", "-nodeReuse:false", "-p:UseSharedCompilation=false"],
            RepositoryPaths.Root, CleanEnvironment(), TimeSpan.FromMinutes(15));
        if (build.ExitCode != 0 || !File.Exists(BuildAssembly))
        {
            throw new InvalidOperationException($"Building build/_build.csproj failed ({build.ExitCode}):\n{build.Output}");
        }

        using var index = new TemporaryDirectory("ll-sample-index");
        var (exitCode, output) = ToolProcess.Run("python3", [Path.Combine(RepositoryPaths.Root, "samples", "make_wheelhouse.py"), index.Path], RepositoryPaths.Root);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"samples/make_wheelhouse.py failed ({exitCode}): {output}");
        }
        foreach (var wheel in Directory.EnumerateFiles(Path.Combine(index.Path, "simple"), "*.whl", SearchOption.AllDirectories))
        {
            File.Copy(wheel, Path.Combine(wheels.Path, Path.GetFileName(wheel)));
        }
    }

    public ValueTask DisposeAsync()
    {
        wheels.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs the build with <paramref name="arguments"/> in <paramref name="root"/>; output is stdout and stderr as they came, without colours.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string root, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = CleanEnvironment();
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }
        var (exitCode, output) = await RunProcessAsync("dotnet", [BuildAssembly, .. arguments], root, variables, RunTimeout);
        return (exitCode, Ansi().Replace(output, ""));
    }

    /// <summary>
    /// Runs the <c>lambda-layers</c> CLI as a process (<c>dotnet exec lambda-layers.dll ARGS</c>) in <paramref name="workingDirectory"/>
    /// with the same clean environment, so both front ends can be run the same way; output is stderr and stdout as they came.
    /// </summary>
    public async Task<(int ExitCode, string Output)> RunCliAsync(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = CleanEnvironment();
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }
        var cli = Path.Combine(AppContext.BaseDirectory, "lambda-layers.dll");
        return await RunProcessAsync("dotnet", ["exec", cli, .. arguments], workingDirectory, variables, RunTimeout);
    }

    /// <summary>
    /// The test process's environment without anything that would reach the build uninvited: NUKE binds every
    /// variable whose letters match a parameter (PYTHON, TOOL, NUKE_TOOL, HOST, …), pip reads PIP_*, the core
    /// LAMBDA_LAYERS_*, the AWS SDK AWS_*, and NUKE switches to its GitHub host on GITHUB_ACTIONS.
    /// </summary>
    internal static Dictionary<string, string?> CleanEnvironment()
    {
        string[] nukeOwn = ["Root", "Target", "Skip", "Profile", "Verbosity", "Host", "Plan", "Help", "NoLogo", "Continue", "Partition", "ParamsKey"];
        var parameterNames = LayerParameters.All.Select(p => p.MemberName).Concat(nukeOwn)
            .SelectMany(name => new[] { name, "NUKE" + name })
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var variables = new Dictionary<string, string?>();
        foreach (var (name, value) in ProcessEnvironment.Snapshot())
        {
            var letters = new string(name.Where(char.IsLetterOrDigit).ToArray());
            if (parameterNames.Contains(letters) || name == "VIRTUAL_ENV" || name == "TERM" ||
                name.StartsWith("PIP_", StringComparison.Ordinal) || name.StartsWith("LAMBDA_LAYERS_", StringComparison.Ordinal) ||
                name.StartsWith("AWS_", StringComparison.Ordinal) || name.StartsWith("GITHUB_", StringComparison.Ordinal) ||
                name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            variables[name] = value;
        }
        variables["NUKE_TELEMETRY_OPTOUT"] = "1";
        variables["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        variables["DOTNET_NOLOGO"] = "1";
        return variables;
    }

    internal static async Task<(int ExitCode, string Output)> RunProcessAsync(string program, IEnumerable<string> arguments, string workingDirectory,
        Dictionary<string, string?> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) lock (output) output.AppendLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) lock (output) output.AppendLine(line.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}:\n{output}");
        }
        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    internal static partial Regex Ansi();
}
