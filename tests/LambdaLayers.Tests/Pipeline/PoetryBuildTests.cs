using LambdaLayers.Execution;
using LambdaLayers.Pipeline;
using LambdaLayers.Planning;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Pipeline;

/// <summary>Builds with the real Poetry (Debian's python3-poetry 1.3.2 here) against the test index.</summary>
public sealed class PoetryBuildTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string RequirePoetryAndPython()
    {
        TestEnvironment.RequireProgram("poetry");
        return BuildFixture.Python312();
    }

    [Fact]
    public async Task Local_build_installs_only_the_main_group_and_asked_groups_without_the_venv_seed()
    {
        var python = RequirePoetryAndPython();
        using var temp = new TemporaryDirectory();
        var project = SampleProjects.WritePoetry(temp.Combine("project"), fixture.OpenIndex.Url, python);
        var settings = BuildFixture.Settings(project, ToolKind.Poetry, index: fixture.OpenPackageIndex);
        var log = new CapturingLogger();

        var result = await new BuildLayerStage(log.Logger).RunAsync(settings, Ct);

        Assert.False(result.Skipped);
        var artifacts = settings.Layout.PythonDirectory;
        Assert.Equal(SampleProjects.RuntimeDistributions, BuildAssertions.Distributions(artifacts));
        Assert.Equal("cp312-cp312-manylinux2014_x86_64", BuildAssertions.WheelTag(artifacts, "fastcalc-1.0"));
        Assert.True(File.Exists(Path.Combine(settings.Layout.RepoDirectory, "poetry.lock")));
        Assert.True(Directory.Exists(Path.Combine(settings.Layout.RepoDirectory, ".venv")), "the venv lives in repo/, not in the project");
        Assert.False(Directory.Exists(Path.Combine(project, ".venv")));
        Assert.Contains(log.Lines, l => l.Contains("lock --check", StringComparison.Ordinal));

        var withGroup = settings with { Groups = ["extras"] };
        await new BuildLayerStage(log.Logger).RunAsync(withGroup, Ct);
        Assert.Equal(["extrapkg-1.0", .. SampleProjects.RuntimeDistributions], BuildAssertions.Distributions(artifacts));
    }

    [Fact]
    public async Task Private_source_with_basic_auth_works_and_the_password_appears_nowhere()
    {
        var python = RequirePoetryAndPython();
        using var temp = new TemporaryDirectory();
        var project = SampleProjects.WritePoetry(temp.Combine("project"), fixture.AuthIndex.Url, python, BuildFixture.Username, BuildFixture.Password);
        var settings = BuildFixture.Settings(project, ToolKind.Poetry, index: fixture.AuthPackageIndex());
        var log = new CapturingLogger();

        await new BuildLayerStage(log.Logger).RunAsync(settings, Ct);

        Assert.Equal(SampleProjects.RuntimeDistributions, BuildAssertions.Distributions(settings.Layout.PythonDirectory));
        BuildAssertions.SecretAbsent(BuildFixture.Password, settings.Layout.BuildDirectory, log.Text);

        const string wrong = "not-the-Passw0rd";
        var error = await Assert.ThrowsAsync<BuildCommandFailedException>(() =>
            new BuildLayerStage(log.Logger).RunAsync(settings with { Index = fixture.AuthPackageIndex(wrong), Groups = ["extras"] }, Ct));
        Assert.True(error.Kind == BuildFailureKind.IndexAuthentication, error.Message + "\n" + string.Join("\n", error.LastLines));
        Assert.StartsWith("Authentication failed for index 'testidx'", error.Message);
        BuildAssertions.SecretAbsent(wrong, settings.Layout.BuildDirectory, log.Text, error.Message, string.Join('\n', error.LastLines));
    }

    [Fact]
    public async Task Cross_platform_without_poetry_export_names_the_plugin_and_the_alternatives()
    {
        var python = RequirePoetryAndPython();
        var tool = (await ToolProbe.ProbeAsync(ToolKind.Poetry, BuildMode.CrossPlatform, Ct))!;
        Assert.SkipWhen(tool.HasExportCommand == true, "this Poetry has the export command");
        using var temp = new TemporaryDirectory();
        var project = SampleProjects.WritePoetry(temp.Combine("project"), fixture.OpenIndex.Url, python);
        var settings = BuildFixture.Settings(project, ToolKind.Poetry, BuildMode.CrossPlatform, index: fixture.OpenPackageIndex);

        var error = await Assert.ThrowsAsync<BuildInputException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));

        Assert.Contains("`poetry export`", error.Message);
        Assert.Contains("poetry-plugin-export", error.Message);
        Assert.Contains("--mode container", error.Message);
        Assert.False(Directory.Exists(settings.Layout.BuildDirectory), "nothing is touched before the plan is known to work");
    }

    [Fact]
    public async Task Lock_out_of_date_with_pyproject_is_reported_as_such()
    {
        var python = RequirePoetryAndPython();
        using var temp = new TemporaryDirectory();
        var project = SampleProjects.WritePoetry(temp.Combine("project"), fixture.OpenIndex.Url, python);
        // A dependency added after locking changes Poetry's content hash of pyproject.toml.
        File.WriteAllText(Path.Combine(project, "pyproject.toml"), SampleProjects.PoetryPyProject(fixture.OpenIndex.Url, "extrapkg = \"^1.0\""));
        var settings = BuildFixture.Settings(project, ToolKind.Poetry, index: fixture.OpenPackageIndex);

        var error = await Assert.ThrowsAsync<BuildCommandFailedException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));

        Assert.Equal(BuildFailureKind.LockOutOfDate, error.Kind);
        Assert.StartsWith("poetry.lock is out of date with pyproject.toml", error.Message);
        Assert.Contains("poetry lock --no-update", error.Message);
    }

    [Fact]
    public async Task Missing_lock_and_undeclared_index_fail_before_anything_is_touched()
    {
        using var temp = new TemporaryDirectory();
        var project = temp.Combine("project");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "pyproject.toml"), SampleProjects.PoetryPyProject(fixture.OpenIndex.Url));
        var settings = BuildFixture.Settings(project, ToolKind.Poetry, index: fixture.OpenPackageIndex);

        var missing = await Assert.ThrowsAsync<LayerSettingsException>(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(settings, Ct));
        Assert.Contains("poetry.lock", missing.Message);
        Assert.Contains("poetry lock", missing.Message);
        Assert.Equal(["pyproject.toml"], Directory.EnumerateFileSystemEntries(project).Select(Path.GetFileName));

        File.WriteAllText(Path.Combine(project, "poetry.lock"), "# placeholder\n");
        var undeclared = settings with { Index = new PackageIndex("corp-mirror", fixture.OpenIndex.Url, "u", "p") };
        var error = Assert.Throws<LayerSettingsException>(() => LayerSettingsValidation.Validate(undeclared, _ => "the test's settings"));
        Assert.Contains("'corp-mirror' is not declared", error.Message);
        Assert.Contains("declared: testidx", error.Message);
    }
}
