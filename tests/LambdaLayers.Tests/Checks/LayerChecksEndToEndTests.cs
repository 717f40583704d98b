using LambdaLayers.Execution;
using LambdaLayers.Planning;
using LambdaLayers.Checks;
using LambdaLayers.Packaging;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Pipeline;
using LambdaLayers.Tests.Support;
using LambdaLayers.FileSystem;
using LambdaLayers.Pipeline;
using LambdaLayers.Reporting;
using LambdaLayers.Execution.Containers;

namespace LambdaLayers.Tests.Checks;

/// <summary>
/// BuildLayer with real pip from the tests' index, then PackageLayer: each way a layer installs fine and
/// still fails on Lambda stops PackageLayer with a message naming the distribution and what it needs, and
/// leaves no layer.zip; a layer with a real, compatible extension module packages and imports.
/// </summary>
public sealed class LayerChecksEndToEndTests(NativeWheelsFixture fixture) : IClassFixture<NativeWheelsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(LayerSettings Settings, CapturingLogger Log)> BuildAsync(TemporaryDirectory temp, string requirement, BuildMode mode, string runtime)
    {
        var project = SampleProjects.WritePip(temp.Combine("project"), requirement);
        var settings = BuildFixture.Settings(project, ToolKind.Pip, mode, index: fixture.PackageIndex, runtime: runtime);
        var log = new CapturingLogger();
        await new BuildLayerStage(log.Logger).RunAsync(settings, Ct);
        return (settings, log);
    }

    [Fact]
    public async Task A_glibc_2_34_object_in_a_python311_layer_built_locally_stops_packaging()
    {
        using var temp = new TemporaryDirectory();
        var (settings, log) = await BuildAsync(temp, "needs234==1.0", BuildMode.Local, "python3.11");
        Assert.True(File.Exists(Path.Combine(settings.Layout.PythonDirectory, "needs234", "_impl.cpython-311-x86_64-linux-gnu.so")),
            "pip on this glibc 2.36 machine installs the manylinux_2_34 wheel for python3.11 without a word");

        var error = await Assert.ThrowsAsync<LayerIncompatibleException>(() => new PackageLayerStage(log.Logger).RunAsync(settings, Ct));

        Assert.Contains("needs234 1.0: ", error.Message);
        Assert.Contains("needs234/_impl.cpython-311-x86_64-linux-gnu.so needs GLIBC_2.34 (glibc 2.34, from libc.so.6); python3.11 (AL2) has glibc 2.26", error.Message);
        Assert.Contains("manylinux_2_34_x86_64: needs glibc 2.34", error.Message);
        Assert.Contains("What to do: build with --mode cross-platform", error.Message);
        Assert.Contains("--mode container", error.Message);
        Assert.False(File.Exists(settings.Layout.ZipPath), "no layer.zip may be left");
        Assert.Empty(Directory.GetFiles(settings.Layout.BuildDirectory, "*.tmp"));
    }

    [Fact]
    public async Task A_pure_python_wheel_hiding_a_glibc_2_36_object_stops_a_python312_layer()
    {
        using var temp = new TemporaryDirectory();
        var (settings, log) = await BuildAsync(temp, "hidden236==1.0", BuildMode.CrossPlatform, "python3.12");

        var error = await Assert.ThrowsAsync<LayerIncompatibleException>(() => new PackageLayerStage(log.Logger).RunAsync(settings, Ct));

        Assert.Contains("hidden236 1.0: hidden236/libhelper.so needs GLIBC_2.36 (glibc 2.36, from libc.so.6); python3.12 (AL2023) has glibc 2.34", error.Message);
        Assert.Contains("its wheel's tag claims to fit", error.Message);
        Assert.Contains("pin an older hidden236", error.Message);
        Assert.DoesNotContain("WHEEL", error.Message); // py3-none-any itself fits; the file does not
        Assert.False(File.Exists(settings.Layout.ZipPath));
    }

    [Fact]
    public async Task An_aarch64_object_in_an_x86_64_layer_stops_packaging()
    {
        using var temp = new TemporaryDirectory();
        var (settings, log) = await BuildAsync(temp, "armonly==1.0", BuildMode.CrossPlatform, "python3.12");

        var error = await Assert.ThrowsAsync<LayerIncompatibleException>(() => new PackageLayerStage(log.Logger).RunAsync(settings, Ct));

        Assert.Contains("armonly 1.0: armonly/_native.so is built for aarch64 (arm64) (ELF machine 183); the layer targets x86_64 (ELF machine 62)", error.Message);
        Assert.False(File.Exists(settings.Layout.ZipPath));
    }

    [Fact]
    public async Task A_module_that_fails_to_import_stops_packaging_naming_distribution_module_and_exception()
    {
        using var temp = new TemporaryDirectory();
        var (settings, log) = await BuildAsync(temp, "brokenimport==1.0", BuildMode.CrossPlatform, "python3.12");

        var error = await Assert.ThrowsAsync<SmokeTestFailedException>(() => new PackageLayerStage(log.Logger).RunAsync(settings, Ct));

        Assert.Contains("brokenimport 1.0: import brokenimport failed: RuntimeError: brokenimport needs the LIBFOO_HOME variable", error.Message);
        Assert.Contains("python3.12 (", error.Message);
        Assert.Equal(SmokeTestOutcome.FailedResult, error.Outcome.Result);
        Assert.False(File.Exists(settings.Layout.ZipPath));
        Assert.False(File.Exists(settings.Layout.PackageRecordPath));
        Assert.Empty(Directory.GetFiles(settings.Layout.BuildDirectory, "*.tmp"));
        Assert.False(Directory.Exists(Path.Combine(settings.Layout.BuildDirectory, ImportSmokeTest.WorkFolderName)));
    }

    [Fact]
    public async Task A_compatible_native_layer_packages_and_its_extension_module_imports()
    {
        using var temp = new TemporaryDirectory();
        var (settings, log) = await BuildAsync(temp, "fastext==1.0", BuildMode.CrossPlatform, "python3.12");

        var result = await new PackageLayerStage(log.Logger).RunAsync(settings, Ct);

        Assert.True(File.Exists(settings.Layout.ZipPath));
        var report = PackageRecord.TryRead(settings.Layout.PackageRecordPath)!;
        var check = Assert.Single(report.Compatibility!);
        Assert.Equal(("fastext", "1.0", DistributionCheck.OkResult), (check.Name, check.Version, check.Result));
        Assert.Empty(check.Problems);
        Assert.Equal(SmokeTestOutcome.PassedResult, report.SmokeTest!.Result);
        Assert.Equal(1, report.SmokeTest.Modules);
        Assert.Contains("python3.12", report.SmokeTest.Interpreter);
        Assert.Contains(log.Lines, l => l.StartsWith("Compatibility check passed: 1 distributions", StringComparison.Ordinal) && l.Contains("(1 ELF)"));
        Assert.Contains("\"smokeTest\":", File.ReadAllText(settings.Layout.PackageRecordPath));
        Assert.Contains("\"compatibility\":", result.Report!.ToJson());

        // Unchanged: skipped, with the recorded results kept.
        var again = await new PackageLayerStage(log.Logger).RunAsync(settings, Ct);
        Assert.True(again.Skipped, again.Reason);
        Assert.Equal(SmokeTestOutcome.PassedResult, again.Report!.SmokeTest!.Result);
    }

    [Fact]
    public async Task With_the_smoke_test_off_a_broken_import_packages_and_layer_json_says_off_and_turning_it_on_repackages()
    {
        using var temp = new TemporaryDirectory();
        var (settings, log) = await BuildAsync(temp, "brokenimport==1.0", BuildMode.CrossPlatform, "python3.12");

        var off = await new PackageLayerStage(log.Logger).RunAsync(settings with { SmokeTest = false }, Ct);

        Assert.Equal(SmokeTestOutcome.OffResult, off.Report!.SmokeTest!.Result);
        Assert.Equal("off (turned off with --no-smoke-test)", off.Report.SmokeTest.Summary);
        Assert.True(File.Exists(settings.Layout.ZipPath));
        await Assert.ThrowsAsync<SmokeTestFailedException>(() => new PackageLayerStage(log.Logger).RunAsync(settings, Ct));
        Assert.False(File.Exists(settings.Layout.ZipPath), "the layer.zip that was never smoke-tested is not left behind");
    }

    [Fact]
    public async Task Without_an_interpreter_of_the_runtime_the_smoke_test_is_skipped_and_says_why()
    {
        using var temp = new TemporaryDirectory();
        var (settings, log) = await BuildAsync(temp, "brokenimport==1.0", BuildMode.CrossPlatform, "python3.12");
        // Package the same tree as a python3.14 layer: this machine has no python3.14.
        TestEnvironment.Require(PythonInterpreterLocator.FindExact(settings with { Runtime = LambdaRuntimes.Find("python3.14")! }) is null,
            "A machine without python3.14 (this test checks the skip)");

        var result = await new PackageLayerStage(log.Logger).RunAsync(settings with { Runtime = LambdaRuntimes.Find("python3.14")! }, Ct);

        Assert.Equal(SmokeTestOutcome.SkippedResult, result.Report!.SmokeTest!.Result);
        Assert.Equal("skipped, no python3.14 for x86_64 here", result.Report.SmokeTest.Summary);
        Assert.Contains(log.Lines, l => l == "Import smoke test skipped, no python3.14 for x86_64 here");
    }

    [Fact]
    public async Task Console_scripts_leave_the_build_with_a_portable_shebang_and_zip_the_same_from_any_host()
    {
        using var temp = new TemporaryDirectory();
        var (settings, log) = await BuildAsync(temp, "clitool==1.0", BuildMode.CrossPlatform, "python3.12");

        var script = File.ReadAllText(Path.Combine(settings.Layout.PythonDirectory, "bin", "clitool"));
        Assert.StartsWith("#!/usr/bin/env python3\n", script);
        Assert.Contains("from clitool import main", script);
        Assert.Contains(log.Lines, l => l.Contains("clitool") && l.Contains("in python/bin named this machine's interpreter; they now start with #!/usr/bin/env python3"));

        await new PackageLayerStage(log.Logger).RunAsync(settings, Ct);
        using var zip = System.IO.Compression.ZipFile.OpenRead(settings.Layout.ZipPath);
        using var reader = new StreamReader(zip.GetEntry("python/bin/clitool")!.Open());
        Assert.Equal(script, await reader.ReadToEndAsync(Ct));
    }
}
