using LambdaLayers.Execution;
using LambdaLayers.FileSystem;
using LambdaLayers.Pipeline;
using LambdaLayers.Planning;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Pipeline;

public sealed class PipBuildTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Local_build_installs_exactly_the_requirements_and_skips_when_nothing_changed()
    {
        BuildFixture.Python312();
        using var temp = new TemporaryDirectory();
        var project = SampleProjects.WritePip(temp.Combine("project"));
        var settings = BuildFixture.Settings(project, ToolKind.Pip, index: fixture.OpenPackageIndex);
        var log = new CapturingLogger();
        var stage = new BuildLayerStage(log.Logger);

        var first = await stage.RunAsync(settings, Ct);

        Assert.False(first.Skipped);
        var python = settings.Layout.PythonDirectory;
        Assert.Equal(SampleProjects.RuntimeDistributions, BuildAssertions.Distributions(python));
        Assert.Equal("cp312-cp312-manylinux2014_x86_64", BuildAssertions.WheelTag(python, "fastcalc-1.0"));
        Assert.True(File.Exists(Path.Combine(settings.Layout.RepoDirectory, "requirements.txt")));
        var record = BuildRecord.TryRead(settings.Layout.BuildRecordPath)!;
        Assert.Equal(LayerFingerprint.Compute(settings).Value, record.Fingerprint);
        Assert.Equal(DirectoryHash.Compute(settings.Layout.ArtifactsDirectory), record.ArtifactsHash);
        Assert.Equal(("pip", "python3.12", "x86_64", "local"), (record.Tool, record.Runtime, record.Architecture, record.Mode));
        Assert.Contains(log.Lines, l => l.Contains("Successfully installed", StringComparison.Ordinal));

        var second = await stage.RunAsync(settings, Ct);
        Assert.True(second.Skipped);
        Assert.Contains("fingerprint", second.SkipReason);

        // A touched artifacts/ folder is rebuilt, not trusted.
        File.WriteAllText(Path.Combine(python, "stray.py"), "x = 1\n");
        var third = await stage.RunAsync(settings, Ct);
        Assert.False(third.Skipped);
        Assert.False(File.Exists(Path.Combine(python, "stray.py")));
    }

    [Theory]
    [InlineData("x86_64", "python3.12", "cp312-cp312-manylinux2014_x86_64")]
    [InlineData("arm64", "python3.12", "cp312-cp312-manylinux2014_aarch64")]
    [InlineData("x86_64", "python3.11", "cp311-cp311-manylinux2014_x86_64")]
    public async Task Cross_platform_picks_the_manylinux_wheel_of_the_target(string architecture, string runtime, string expectedTag)
    {
        using var temp = new TemporaryDirectory();
        var project = SampleProjects.WritePip(temp.Combine("project"));
        var settings = BuildFixture.Settings(project, ToolKind.Pip, BuildMode.CrossPlatform,
            LambdaArchitecture.Find(architecture), fixture.OpenPackageIndex, runtime);

        await new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct);

        var python = settings.Layout.PythonDirectory;
        Assert.Equal(SampleProjects.RuntimeDistributions, BuildAssertions.Distributions(python));
        Assert.Equal(expectedTag, BuildAssertions.WheelTag(python, "fastcalc-1.0"));
    }

    [Fact]
    public async Task Cross_platform_fails_naming_the_package_without_a_lambda_wheel()
    {
        using var temp = new TemporaryDirectory();
        var project = SampleProjects.WritePip(temp.Combine("project"), "tinyutil==1.0", "maconly==1.0");
        var settings = BuildFixture.Settings(project, ToolKind.Pip, BuildMode.CrossPlatform, index: fixture.OpenPackageIndex);

        var error = await Assert.ThrowsAsync<BuildCommandFailedException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));

        Assert.Equal(BuildFailureKind.NoCompatibleDistribution, error.Kind);
        Assert.Equal("maconly", error.Distribution);
        Assert.Contains("'maconly' has no wheel for the target platform python3.12 on x86_64", error.Message);
        Assert.False(Directory.Exists(settings.Layout.ArtifactsDirectory), "no half-written artifacts/ may stay behind");
    }

    [Fact]
    public async Task Private_index_with_basic_auth_works_and_the_password_appears_nowhere()
    {
        BuildFixture.Python312();
        using var temp = new TemporaryDirectory();
        var project = SampleProjects.WritePip(temp.Combine("project"));
        var settings = BuildFixture.Settings(project, ToolKind.Pip, index: fixture.AuthPackageIndex());
        var log = new CapturingLogger();

        await new BuildLayerStage(log.Logger).RunAsync(settings, Ct);

        Assert.Equal(SampleProjects.RuntimeDistributions, BuildAssertions.Distributions(settings.Layout.PythonDirectory));
        Assert.Contains(fixture.AuthIndex.DownloadedFiles, f => f.StartsWith("tinyutil", StringComparison.Ordinal));
        BuildAssertions.SecretAbsent(BuildFixture.Password, settings.Layout.BuildDirectory, log.Text);
    }

    [Fact]
    public async Task Wrong_password_says_authentication_failed_for_the_index_without_the_password()
    {
        using var temp = new TemporaryDirectory();
        var project = SampleProjects.WritePip(temp.Combine("project"));
        const string wrong = "wr0ng-Pa55word";
        var settings = BuildFixture.Settings(project, ToolKind.Pip, BuildMode.CrossPlatform, index: fixture.AuthPackageIndex(wrong));
        var log = new CapturingLogger();

        var error = await Assert.ThrowsAsync<BuildCommandFailedException>(() => new BuildLayerStage(log.Logger).RunAsync(settings, Ct));

        Assert.True(error.Kind == BuildFailureKind.IndexAuthentication, error.Message + string.Join("\n", error.LastLines));
        Assert.StartsWith($"Authentication failed for index 'testidx' ({fixture.AuthIndex.Url})", error.Message);
        Assert.Contains("--index-username/--index-password", error.Message);
        BuildAssertions.SecretAbsent(wrong, settings.Layout.BuildDirectory, log.Text, error.Message, error.Command, string.Join('\n', error.LastLines));
    }

    [Fact]
    public async Task Unreachable_index_is_a_clear_error()
    {
        using var temp = new TemporaryDirectory();
        var project = SampleProjects.WritePip(temp.Combine("project"));
        var settings = BuildFixture.Settings(project, ToolKind.Pip, BuildMode.CrossPlatform,
            index: new PackageIndex("offline", new Uri("http://127.0.0.1:9/simple/"), null, null)) with
        {
            ToolArguments = ["--retries", "0", "--timeout", "3"],
        };

        var error = await Assert.ThrowsAsync<BuildCommandFailedException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));

        Assert.True(error.Kind == BuildFailureKind.IndexUnreachable, error.Message + string.Join("\n", error.LastLines));
        Assert.StartsWith("Could not reach index 'offline' (http://127.0.0.1:9/simple/)", error.Message);
    }

    [Fact]
    public async Task Missing_requirements_file_fails_before_touching_anything()
    {
        using var temp = new TemporaryDirectory();
        var project = temp.Combine("project");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "pyproject.toml"), "[project]\nname = \"x\"\n");
        var settings = BuildFixture.Settings(project, ToolKind.Pip, index: fixture.OpenPackageIndex);

        var error = await Assert.ThrowsAsync<LayerSettingsException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));

        Assert.Contains("requirements.txt", error.Message);
        Assert.Equal(["pyproject.toml"], Directory.EnumerateFileSystemEntries(project).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../elsewhere")]
    public async Task Cleaning_refuses_a_build_folder_that_is_not_strictly_inside_the_project(string buildDirectory)
    {
        using var temp = new TemporaryDirectory();
        var project = SampleProjects.WritePip(temp.Combine("project"));
        var sibling = temp.Combine("elsewhere", "keep.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(sibling)!);
        File.WriteAllText(sibling, "keep");
        var settings = BuildFixture.Settings(project, ToolKind.Pip, index: fixture.OpenPackageIndex) with
        {
            BuildDirectory = Path.GetFullPath(Path.Combine(project, buildDirectory)),
        };

        await Assert.ThrowsAsync<UnsafeLayoutException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));

        Assert.True(File.Exists(Path.Combine(project, "requirements.txt")));
        Assert.True(File.Exists(sibling));
    }
}
