using System.Diagnostics;
using LambdaLayers.Pipeline;
using LambdaLayers.Planning;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Pipeline;

/// <summary>
/// uv cannot be installed on these machines: the build runs the stand-in (tests/uv-standin/uv), which
/// rejects any flag uv 0.8.0 would reject (per tests/uv-standin/uv-flags.json, uv's documented grammar) and installs with pip.
/// </summary>
public sealed class UvBuildTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Local_build_through_the_stand_in_installs_the_locked_runtime_dependencies()
    {
        BuildFixture.Python312();
        using var temp = new TemporaryDirectory();
        var project = SampleProjects.WriteUv(temp.Combine("project"), fixture.OpenIndex.Url, fixture.WheelDirectory);
        var settings = BuildFixture.Settings(project, ToolKind.Uv, index: fixture.OpenPackageIndex);

        await new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct);

        Assert.Equal(SampleProjects.RuntimeDistributions, BuildAssertions.Distributions(settings.Layout.PythonDirectory));
        var exported = File.ReadAllText(Path.Combine(settings.Layout.RepoDirectory, "requirements.txt"));
        Assert.Contains("tinyutil==1.0", exported);
        Assert.DoesNotContain("devtool", exported);
        Assert.DoesNotContain("sample-uv", exported);

        await new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings with { Extras = ["extras"] }, Ct);
        Assert.Contains("extrapkg-1.0", BuildAssertions.Distributions(settings.Layout.PythonDirectory));
    }

    [Theory]
    [InlineData("arm64", "cp312-cp312-manylinux2014_aarch64")]
    [InlineData("x86_64", "cp312-cp312-manylinux2014_x86_64")]
    public async Task Cross_platform_through_the_stand_in_picks_the_target_wheel(string architecture, string expectedTag)
    {
        using var temp = new TemporaryDirectory();
        var project = SampleProjects.WriteUv(temp.Combine("project"), fixture.OpenIndex.Url, fixture.WheelDirectory);
        var settings = BuildFixture.Settings(project, ToolKind.Uv, BuildMode.CrossPlatform, LambdaArchitecture.Find(architecture), fixture.OpenPackageIndex);

        await new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct);

        Assert.Equal(expectedTag, BuildAssertions.WheelTag(settings.Layout.PythonDirectory, "fastcalc-1.0"));
    }

    [Fact]
    public async Task Named_index_credentials_go_through_the_environment_and_are_masked()
    {
        BuildFixture.Python312();
        using var temp = new TemporaryDirectory();
        var project = SampleProjects.WriteUv(temp.Combine("project"), fixture.AuthIndex.Url, fixture.WheelDirectory);
        var settings = BuildFixture.Settings(project, ToolKind.Uv, index: fixture.AuthPackageIndex());
        var log = new CapturingLogger();

        await new BuildLayerStage(log.Logger).RunAsync(settings, Ct);

        Assert.Equal(SampleProjects.RuntimeDistributions, BuildAssertions.Distributions(settings.Layout.PythonDirectory));
        BuildAssertions.SecretAbsent(BuildFixture.Password, settings.Layout.BuildDirectory, log.Text);
    }

    [Fact]
    public async Task Missing_uv_lock_is_a_clear_error()
    {
        using var temp = new TemporaryDirectory();
        var project = temp.Combine("project");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "pyproject.toml"), SampleProjects.UvPyProject(fixture.OpenIndex.Url.ToString()));
        var settings = BuildFixture.Settings(project, ToolKind.Uv, index: fixture.OpenPackageIndex);

        var error = await Assert.ThrowsAsync<LayerSettingsException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));

        Assert.Contains("uv.lock", error.Message);
        Assert.Contains("uv lock", error.Message);
        Assert.Equal(["pyproject.toml"], Directory.EnumerateFileSystemEntries(project).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("export", "--frozen", "--bogus-flag")]
    [InlineData("export", "--frozen", "--no-emit-proj")] // no abbreviations
    [InlineData("pip", "install", "-r", "r.txt", "-t", "out")] // -t only exists from uv 0.9.27
    [InlineData("pip", "install", "-r", "r.txt", "--no-progress=true")]
    [InlineData("export", "--frozen", "--locked")]
    [InlineData("build", "--wheel", "--out", "dist")] // no abbreviations of --out-dir
    [InlineData("build", "--wheel", "--package", "a", "--all-packages")]
    public void The_stand_in_rejects_what_uv_would_reject(params string[] arguments)
    {
        TestEnvironment.RequireProgram("python3");
        var start = new ProcessStartInfo(RepositoryPaths.UvStandIn) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("error: ", stderr);
    }

    [Fact]
    public void The_plans_uv_commands_pass_the_stand_in_grammar_for_every_mode()
    {
        using var temp = new TemporaryDirectory();
        var project = SampleProjects.WriteUv(temp.Combine("project"), fixture.OpenIndex.Url, fixture.WheelDirectory);
        foreach (var mode in new[] { BuildMode.Local, BuildMode.CrossPlatform, BuildMode.Container })
        {
            var settings = BuildFixture.Settings(project, ToolKind.Uv, mode, index: fixture.AuthPackageIndex()) with
            {
                Groups = ["dev"],
                Extras = ["extras"],
            };
            var environment = mode == BuildMode.Container ? ExecutionEnvironment.ForContainer(settings) : ExecutionEnvironment.ForHost(settings, "python3");
            var plan = new UvStrategy().CreatePlan(settings, environment);
            foreach (var command in plan.Commands)
            {
                // --help after the plan's own arguments makes the stand-in stop after parsing.
                var start = new ProcessStartInfo(RepositoryPaths.UvStandIn) { RedirectStandardError = true, RedirectStandardOutput = true };
                foreach (var argument in command.Arguments)
                {
                    start.ArgumentList.Add(argument);
                }
                start.Environment["UV_STANDIN_PARSE_ONLY"] = "1";
                using var process = Process.Start(start)!;
                var stderr = process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, $"{mode}: {command.Display}\n{stderr}");
                Assert.DoesNotContain(BuildFixture.Password, string.Join(' ', command.Arguments));
            }
        }
    }
}
