using LambdaLayers.Checks;
using LambdaLayers.Packaging;
using LambdaLayers.Pipeline;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Pipeline;
using LambdaLayers.Tests.Packaging;
using LambdaLayers.Tests.Support;
using Serilog.Events;
using LambdaLayers.FileSystem;
using LambdaLayers.Reporting;
using LambdaLayers.Execution;
using LambdaLayers.Execution.Containers;
using LambdaLayers.Planning;

namespace LambdaLayers.Tests.Checks;

/// <summary>
/// PackageLayer's checks on hand-made layer trees: files that are not regular or not readable, libraries
/// that are not ELF, the smoke test's isolation, time limit and crash handling, and what the summary says
/// about exclusions.
/// </summary>
public sealed class LayerChecksTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Files(params (string Path, string Content)[] files) => files.ToDictionary(f => f.Path, f => f.Content);

    [Theory]
    [InlineData("fifo", "a FIFO (named pipe)")]
    [InlineData("socket", "a Unix socket")]
    [InlineData("device", "a character device")]
    public async Task A_fifo_socket_or_device_in_the_tree_is_an_error_naming_it_not_a_hang(string kind, string described)
    {
        using var tree = new LayerTree();
        tree.AddDistribution("tool", "1.0", Files(("tool/__init__.py", "x = 1\n")));
        var path = tree.PathOf("tool/special");
        switch (kind)
        {
            case "fifo":
                Assert.Equal(0, ToolProcess.Run(TestEnvironment.RequireProgram("mkfifo"), [path], tree.Root).ExitCode);
                break;
            case "socket":
                // Python leaves the socket file behind when it closes; .NET's Socket would remove it.
                Assert.Equal(0, ToolProcess.Run(TestEnvironment.RequireProgram("python3"),
                    ["-c", "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", path], tree.Root).ExitCode);
                break;
            default:
                TestEnvironment.Require(LambdaLayers.Execution.Containers.UnixUsers.IsRoot, "Running as root (mknod needs it)");
                Assert.Equal(0, ToolProcess.Run(TestEnvironment.RequireProgram("mknod"), [path, "c", "1", "3"], tree.Root).ExitCode);
                break;
        }

        // The tree walk refuses it before any check or hash opens a file (FileSystem's TreeEntries, the one place for it).
        var error = await Assert.ThrowsAsync<LambdaLayers.FileSystem.SpecialFileException>(() =>
            new PackageLayerStage(new CapturingLogger().Logger).RunAsync(tree.Settings, Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct));

        Assert.Contains($"tool/special' in '", error.Message);
        Assert.Contains($"is {described}: a layer holds only regular files", error.Message);
        Assert.False(File.Exists(tree.ZipPath));
    }

    [Theory]
    [InlineData("vendor/helper")]
    [InlineData("vendor/data.bin")]
    [InlineData("vendor/libx.so.6")]
    public async Task A_native_file_is_found_by_its_bytes_under_any_name(string path)
    {
        using var tree = new LayerTree();
        tree.AddDistribution("vendor", "1.0", Files(("vendor/__init__.py", "")));
        tree.WriteFile(path, SyntheticElf.Build(true, true, LambdaLayers.Checks.ElfMachines.X86_64, [new("libc.so.6", "GLIBC_2.17", "GLIBC_2.38")]));

        var error = await Assert.ThrowsAsync<LayerIncompatibleException>(() => new PackageLayerStage(new CapturingLogger().Logger).RunAsync(tree.Settings, Ct));

        Assert.Contains($"{path} needs GLIBC_2.38 (glibc 2.38, from libc.so.6); python3.12 (AL2023) has glibc 2.34", error.Message);
    }

    [Fact]
    public async Task A_macos_library_named_so_is_an_error_saying_what_it_is()
    {
        using var tree = new LayerTree();
        tree.AddDistribution("fastlib", "2.0", Files(("fastlib/__init__.py", "")));
        tree.WriteFile("fastlib/_core.cpython-312-x86_64-linux-gnu.so", [0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1, 3, 0, 0, 0]);

        var error = await Assert.ThrowsAsync<LayerIncompatibleException>(() => new PackageLayerStage(new CapturingLogger().Logger).RunAsync(tree.Settings, Ct));

        Assert.Contains("fastlib/_core.cpython-312-x86_64-linux-gnu.so is named like a shared library but is not an ELF file (a 64-bit macOS Mach-O library)", error.Message);
        Assert.Contains("no installed distribution lists these files", error.Message);
    }

    [Fact]
    public async Task A_failed_check_stops_the_zip_writer_and_leaves_no_temporary_zip()
    {
        using var tree = new LayerTree();
        var text = string.Concat(Enumerable.Range(0, 6000).Select(i => $"value_{i} = {i * 7919 % 10007}  # filler line for the compressor\n"));
        for (var i = 0; i < 150; i++)
        {
            tree.WriteFile($"bulk/part{i:000}/data.txt", text + i);
        }
        tree.WriteFile("bulk/_arm.so", SyntheticLibrary(LambdaLayers.Checks.ElfMachines.AArch64));

        var error = await Assert.ThrowsAsync<LayerIncompatibleException>(() => new PackageLayerStage(new CapturingLogger().Logger).RunAsync(tree.Settings, Ct));

        Assert.Contains("bulk/_arm.so is built for aarch64", error.Message);
        Assert.Empty(Directory.GetFiles(tree.Settings.Layout.BuildDirectory, "*.tmp"));
        Assert.False(File.Exists(tree.ZipPath));
    }

    private static byte[] SyntheticLibrary(ushort machine) => SyntheticElf.Build(true, true, machine, [new("libc.so.6", "GLIBC_2.17")]);

    [Fact]
    public void A_file_that_cannot_be_read_is_an_error_naming_it()
    {
        using var tree = new LayerTree();
        var missing = tree.PathOf("gone/_x.so");
        var contents = new LayerContents([new ZipEntrySource("python/gone/_x.so", missing, 4096, 0b111_101_101)],
            new Dictionary<string, string> { ["python/gone/_x.so"] = "gone" }, [], [], 0, 0);

        var result = LayerCompatibilityCheck.Run(tree.Settings, contents, tree.PythonDirectory, "python/", Ct);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(CompatibilityProblemKind.Unreadable, problem.Kind);
        Assert.Equal("gone", problem.Distribution);
        Assert.StartsWith("gone/_x.so cannot be read (", problem.Describe());
        Assert.Contains("make it readable", LayerIncompatibleException.From(result.Problems, tree.Settings).Message);
    }

    [Fact]
    public async Task A_module_that_hangs_at_import_is_stopped_by_the_time_limit_and_named()
    {
        BuildFixture.Python312();
        using var tree = new LayerTree();
        tree.Settings = tree.Settings with { SmokeTest = true };
        tree.AddDistribution("quick", "1.0", Files(("quick/__init__.py", "x = 1\n")));
        tree.AddDistribution("sleepy", "1.0", Files(("sleepy/__init__.py", "import time\ntime.sleep(600)\n")));
        var stage = new PackageLayerStage(new CapturingLogger().Logger) { SmokeTest = new ImportSmokeTest(new CapturingLogger().Logger) { TimeLimit = TimeSpan.FromSeconds(5) } };

        var error = await Assert.ThrowsAsync<SmokeTestFailedException>(() => stage.RunAsync(tree.Settings, Ct).WaitAsync(TimeSpan.FromSeconds(120), Ct));

        Assert.Contains("sleepy 1.0: import sleepy failed: did not finish within 5 s", error.Message);
        Assert.DoesNotContain("quick", error.Message);
        Assert.False(File.Exists(tree.ZipPath));
    }

    [Fact]
    public async Task A_module_that_kills_the_interpreter_is_named_with_how_it_died()
    {
        BuildFixture.Python312();
        using var tree = new LayerTree();
        tree.Settings = tree.Settings with { SmokeTest = true };
        tree.AddDistribution("crashy", "0.1", Files(("crashy/__init__.py", "import os\nos.abort()\n")));

        var error = await Assert.ThrowsAsync<SmokeTestFailedException>(() => new PackageLayerStage(new CapturingLogger().Logger).RunAsync(tree.Settings, Ct));

        Assert.Contains("crashy 0.1: import crashy failed: stopped the interpreter (killed by signal 6", error.Message);
    }

    [Fact]
    public async Task The_smoke_test_sees_only_the_layer_what_the_runtime_provides_and_the_standard_library()
    {
        BuildFixture.Python312();
        using var tree = new LayerTree();
        tree.Settings = tree.Settings with { SmokeTest = true };
        // pip is a default exclusion: its files stay in artifacts/ but must not be importable in the test.
        tree.AddDistribution("pip", "24.0", Files(("pip/__init__.py", "__version__ = '24.0'\n")));
        tree.AddDistribution("pipdeptree", "2.23.0", Files(("pipdeptree/__init__.py", "from pip import __version__\n")), requires: ["pip"]);
        // boto3 is excluded too, but the runtime provides it, so importing the installed copy is right.
        tree.AddDistribution("boto3", "1.34.0", Files(("boto3/__init__.py", "__version__ = '1.34.0'\n")));
        tree.AddDistribution("usesboto", "1.0", Files(("usesboto/__init__.py", "import boto3\n")));
        // botocore is not in the tree at all: on Lambda the runtime has it; here that is only noted.
        tree.AddDistribution("usesbotocore", "1.0", Files(("usesbotocore/__init__.py", "import botocore.session\n")));
        // Nothing from the machine's own site-packages (python3.12 has pip there) or the working folder leaks in.
        tree.AddDistribution("isolated", "1.0", Files(("isolated/__init__.py",
            "import sys\nassert not any('site-packages' in p and 'artifacts' not in p for p in sys.path), sys.path\n")));

        var error = await Assert.ThrowsAsync<SmokeTestFailedException>(() => new PackageLayerStage(new CapturingLogger().Logger).RunAsync(tree.Settings, Ct));

        var failure = Assert.Single(error.Outcome.Failures);
        Assert.Equal(("pipdeptree", "import pipdeptree failed"), (failure.Distribution, $"import {failure.Module} failed"));
        Assert.Equal("ModuleNotFoundError: No module named 'pip'", failure.Error);
        var note = Assert.Single(error.Outcome.RuntimeProvidedImports);
        Assert.StartsWith("usesbotocore: import usesbotocore needs a module the Lambda runtime provides", note);
        Assert.Equal(4, error.Outcome.Modules); // pipdeptree, usesboto, usesbotocore, isolated; not the excluded pip or boto3
    }

    [Fact]
    public async Task Exclusions_are_listed_with_their_reasons_and_a_directly_required_one_is_warned_about_on_every_run()
    {
        using var tree = new LayerTree();
        File.WriteAllText(Path.Combine(tree.Root, "requirements.txt"), "boto3==1.34.0\nrequests==2.32.3  # http\n");
        tree.AddDistribution("boto3", "1.34.0", Files(("boto3/__init__.py", "")));
        tree.AddDistribution("requests", "2.32.3", Files(("requests/__init__.py", "")));
        tree.AddDistribution("pytest", "8.0.0", Files(("pytest/__init__.py", "")));
        tree.WriteFile("requests/__pycache__/api.cpython-312.pyc", "compiled");
        tree.Settings = tree.Settings with { Excludes = [.. LayerSettings.DefaultExcludes, "requests-mock", "requests"] };
        var sink = new CollectingLogSink();

        var first = await new PackageLayerStage(sink.CreateLogger()).RunAsync(tree.Settings, Ct);

        var rows = first.Report!.LeftOut!.Select(l => $"{l.What}: {l.Reason}").ToList();
        Assert.Equal(
        [
            "boto3 1.34.0: default exclusion: the Lambda runtime provides it",
            "pytest 8.0.0: default exclusion: a test tool, not needed at run time",
            "requests 2.32.3: --exclude",
            "files matching __pycache__/, *.pyc: exclude-pattern",
        ], rows);
        var warnings = sink.Messages(LogEventLevel.Warning).ToList();
        Assert.Contains(warnings, w => w.StartsWith("\"boto3 is a direct dependency of the project (requirements.txt), but the default exclusions leave it out", StringComparison.Ordinal)
                                       && w.Contains("Lambda's runtime brings its own boto3, not the 1.34.0 you pinned"));
        Assert.Contains(warnings, w => w.Contains("--exclude requests-mock matches no distribution installed in the layer"));
        Assert.DoesNotContain(warnings, w => w.Contains("requests is a direct dependency")); // excluded on purpose
        Assert.Equal(2, first.Report.Warnings!.Count);

        var again = new CollectingLogSink();
        var second = await new PackageLayerStage(again.CreateLogger()).RunAsync(tree.Settings, Ct);

        Assert.True(second.Skipped);
        Assert.Equal(2, again.Messages(LogEventLevel.Warning).Count());
        var summary = System.Text.RegularExpressions.Regex.Replace(new LayerRunReport(new LayerRunSummary(tree.Settings) { Package = second }).ToText(), " {2,}", "  ");
        Assert.Contains("  smoke test  off (turned off with --no-smoke-test)\n", summary);
        Assert.Contains("  left out  boto3 1.34.0 (default exclusion: the Lambda runtime provides it, 4 files", summary);
        Assert.Contains("  warning  boto3 is a direct dependency", summary);
        Assert.Contains("  check  ok: 0 distributions fit the runtime\n", summary);
    }
}
