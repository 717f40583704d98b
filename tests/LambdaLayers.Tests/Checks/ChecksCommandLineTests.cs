using System.Text.Json;
using LambdaLayers.Checks;
using LambdaLayers.Cli;
using LambdaLayers.Tests.Support;
using LambdaLayers.FileSystem;
using LambdaLayers.Pipeline;
using LambdaLayers.Reporting;
using LambdaLayers.Execution;
using LambdaLayers.Execution.Containers;
using LambdaLayers.Planning;
using LambdaLayers.Packaging;
using LambdaLayers.Settings;

namespace LambdaLayers.Tests.Checks;

/// <summary>
/// The checks as a user meets them through the lambda-layers command: every default (newest runtime,
/// cross-platform mode) works on a machine without that runtime's interpreter, <c>--json</c> carries the
/// check and the smoke test, and an incompatible layer is one error and exit code 1.
/// </summary>
public sealed class ChecksCommandLineTests
{
    private static async Task<(int ExitCode, string Out, string Error)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await CliApplication.RunAsync(args, stdout, stderr, new Dictionary<string, string>(), null, TestContext.Current.CancellationToken);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    private static async Task<PackageIndexServer> IndexAsync(TemporaryDirectory wheels, params WheelSpec[] extra)
    {
        TestWheels.WriteAll(wheels.Path);
        foreach (var spec in extra)
        {
            WheelBuilder.Write(wheels.Path, spec);
        }
        return await PackageIndexServer.StartAsync(wheels.Path);
    }

    [Fact]
    public async Task Package_with_every_default_works_without_an_interpreter_of_the_default_runtime_and_json_carries_the_checks()
    {
        using var wheels = new TemporaryDirectory("ll-cli-wheels");
        await using var index = await IndexAsync(wheels);
        using var project = new TempProject("[project]\nname = \"billing\"\nrequires-python = \">=3.11\"\n").Write("requirements.txt", "tinyutil==1.0\n");

        var (exitCode, output, error) = await Run("PackageLayer", "--project", project.Root, "--index-url", index.Url.ToString(), "--json");

        Assert.True(exitCode == 0, error);
        Assert.Contains("Building the python3.14 x86_64 layer with pip in cross-platform mode (the default for pip: it installs only wheels built for the Lambda runtime", error);
        using var json = JsonDocument.Parse(output);
        var compatibility = json.RootElement.GetProperty("compatibility").EnumerateArray()
            .Select(c => $"{c.GetProperty("name").GetString()} {c.GetProperty("result").GetString()}").ToList();
        Assert.Equal(["leafdep ok", "tinyutil ok"], compatibility);
        var smoke = json.RootElement.GetProperty("smokeTest");
        var interpreterHere = ProcessHasPython314();
        Assert.Equal(interpreterHere ? SmokeTestOutcome.PassedResult : SmokeTestOutcome.SkippedResult, smoke.GetProperty("result").GetString());
        if (!interpreterHere)
        {
            Assert.Equal("no python3.14 for x86_64 here", smoke.GetProperty("reason").GetString());
            Assert.Contains("Import smoke test skipped, no python3.14 for x86_64 here", error);
        }
        var bytecode = json.RootElement.GetProperty("bytecode");
        Assert.Equal(interpreterHere ? BytecodeOutcome.CompiledResult : BytecodeOutcome.SkippedResult, bytecode.GetProperty("result").GetString());
        if (!interpreterHere)
        {
            Assert.Equal("skipped, no python3.14 here", bytecode.GetProperty("summary").GetString());
            Assert.Contains("Bytecode skipped, no python3.14 here", error);
        }
    }

    [Fact]
    public async Task The_summary_names_the_check_the_smoke_test_and_what_was_left_out()
    {
        using var wheels = new TemporaryDirectory("ll-cli-wheels");
        await using var index = await IndexAsync(wheels);
        using var project = new TempProject("[project]\nname = \"billing\"\n").Write("requirements.txt", "tinyutil==1.0\n");

        var (exitCode, output, error) = await Run("package", "--project", project.Root, "--index-url", index.Url.ToString(),
            "--runtime", "python3.12", "--no-smoke-test", "--exclude", "leafdep", "--no-bytecode");

        Assert.True(exitCode == 0, error);
        Assert.Matches(@"\n  check +ok: 1 distributions fit the runtime\n", output);
        Assert.Matches(@"\n  smoke test +off \(turned off with --no-smoke-test\)\n", output);
        Assert.Matches(@"\n  bytecode +off \(turned off with --no-bytecode\)\n", output);
        Assert.Matches(@"\n  left out +leafdep 2\.0 \(--exclude, \d+ files", output);
        Assert.Contains("tinyutil requires leafdep, which is excluded from the layer", error);
    }

    [Fact]
    public async Task An_incompatible_layer_is_one_error_without_a_stack_trace_and_exit_code_1()
    {
        using var wheels = new TemporaryDirectory("ll-cli-wheels");
        var armLibrary = SyntheticElf.Build(true, true, ElfMachines.AArch64, [new("libc.so.6", "GLIBC_2.17")]);
        await using var index = await IndexAsync(wheels, new WheelSpec("armlib", "3.1")
        {
            BinaryFiles = new Dictionary<string, byte[]> { ["armlib/libfast.so.1"] = armLibrary },
        });
        using var project = new TempProject("[project]\nname = \"billing\"\n").Write("requirements.txt", "armlib==3.1\n");

        var (exitCode, output, error) = await Run("package", "--project", project.Root, "--index-url", index.Url.ToString(), "--runtime", "python3.12");

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Empty(output);
        Assert.Contains("armlib 3.1: armlib/libfast.so.1 is built for aarch64 (arm64) (ELF machine 183); the layer targets x86_64", error);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Unexpected", error);
        Assert.False(File.Exists(project.Path("build/lambda/layer/layer.zip")));
    }

    private static bool ProcessHasPython314()
    {
        var settings = new LambdaLayers.Settings.LayerSettings
        {
            ProjectDirectory = Path.GetTempPath(),
            PyProjectPath = "",
            Tool = LambdaLayers.Settings.ToolKind.Pip,
            Runtime = LambdaLayers.Settings.LambdaRuntimes.Find("python3.14")!,
        };
        return LambdaLayers.Execution.PythonInterpreterLocator.FindExact(settings) is not null;
    }
}
