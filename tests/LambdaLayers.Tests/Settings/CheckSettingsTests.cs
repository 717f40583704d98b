using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Settings;

/// <summary>The settings behind the checks: the default build mode and why, the smoke test switch, exclude pattern validation.</summary>
public sealed class CheckSettingsTests
{
    private static LayerSettings Resolve(TempProject project, Dictionary<string, IReadOnlyList<string>>? explicitValues = null,
        Dictionary<string, string>? environment = null) =>
        LayerSettingsResolver.Resolve(new SettingsSources
        {
            WorkingDirectory = project.Root,
            Environment = environment ?? new Dictionary<string, string>(),
            Explicit = explicitValues ?? new Dictionary<string, IReadOnlyList<string>>(),
        });

    private static TempProject PipProject() =>
        new TempProject("[project]\nname = \"demo\"\nrequires-python = \">=3.11\"\n").Write("requirements.txt", "requests==2.32.3\n");

    [Theory]
    [InlineData("requirements.txt", ToolKind.Pip)]
    [InlineData("uv.lock", ToolKind.Uv)]
    public void Pip_and_uv_default_to_cross_platform_and_say_why(string manifest, ToolKind tool)
    {
        using var project = new TempProject("[project]\nname = \"demo\"\n").Write(manifest, "");

        var settings = Resolve(project);

        Assert.Equal(tool, settings.Tool);
        Assert.Equal(BuildMode.CrossPlatform, settings.Mode);
        Assert.Contains($"the default for {tool.ToString().ToLowerInvariant()}: it installs only wheels built for the Lambda runtime", settings.ModeReason);
        Assert.Contains("needs no interpreter of the runtime's version", settings.ModeReason);
    }

    [Fact]
    public void A_given_mode_says_where_it_came_from()
    {
        using var project = PipProject();

        var settings = Resolve(project, environment: new() { ["LAMBDA_LAYERS_MODE"] = "local" });

        Assert.Equal(BuildMode.Local, settings.Mode);
        Assert.Equal("from LAMBDA_LAYERS_MODE", settings.ModeReason);
        Assert.Equal("as configured", (settings with { Mode = BuildMode.Container }).ModeReason);
    }

    [Fact]
    public void Poetry_defaults_to_cross_platform_only_with_poetry_export()
    {
        Assert.Equal(BuildMode.CrossPlatform, DefaultBuildMode.Choose(ToolKind.Poetry, () => true).Mode);
        var (mode, reason) = DefaultBuildMode.Choose(ToolKind.Poetry, () => false);
        Assert.Equal(BuildMode.Local, mode);
        Assert.Contains("without `poetry export`", reason);
        Assert.Equal(BuildMode.Local, DefaultBuildMode.Choose(ToolKind.Poetry, () => null).Mode);
    }

    [Fact]
    public void The_poetry_on_this_machine_is_asked_and_debians_poetry_without_export_gives_local()
    {
        TestEnvironment.RequireProgram("poetry");
        using var project = new TempProject("[tool.poetry]\nname = \"demo\"\nversion = \"0.1.0\"\n\n[tool.poetry.dependencies]\npython = \"^3.11\"\n")
            .Write("poetry.lock", "");
        var hasExport = ToolProcess.Run("poetry", ["export", "--help"], project.Root).ExitCode == 0;

        var settings = Resolve(project);

        Assert.Equal(ToolKind.Poetry, settings.Tool);
        Assert.Equal(hasExport ? BuildMode.CrossPlatform : BuildMode.Local, settings.Mode);
    }

    [Theory]
    [InlineData("true", false)]
    [InlineData("false", true)]
    public void No_smoke_test_turns_the_smoke_test_off(string value, bool smokeTest)
    {
        using var project = PipProject();

        Assert.True(Resolve(project).SmokeTest);
        Assert.Equal(smokeTest, Resolve(project, new() { ["no-smoke-test"] = [value] }).SmokeTest);
        Assert.Equal(smokeTest, Resolve(project, environment: new() { ["LAMBDA_LAYERS_NO_SMOKE_TEST"] = value }).SmokeTest);
        Assert.Contains(LayerParameters.NoSmokeTest, LayerParameters.All);
    }

    [Theory]
    [InlineData("true", false)]
    [InlineData("false", true)]
    public void No_bytecode_turns_the_bytecode_step_off(string value, bool bytecode)
    {
        using var project = PipProject();

        Assert.True(Resolve(project).Bytecode);
        Assert.Equal(bytecode, Resolve(project, new() { ["no-bytecode"] = [value] }).Bytecode);
        Assert.Equal(bytecode, Resolve(project, environment: new() { ["LAMBDA_LAYERS_NO_BYTECODE"] = value }).Bytecode);
        Assert.Contains(LayerParameters.NoBytecode, LayerParameters.All);
    }

    [Theory]
    [InlineData("[abc]*.py", "uses '[…]' or '{…}', which are not supported")]
    [InlineData("*.{pyi,pyx}", "uses '[…]' or '{…}', which are not supported")]
    [InlineData("!keep.py", "negation is not supported")]
    [InlineData("../outside", "cannot leave it")]
    [InlineData("tests**/", "'**' must stand alone between slashes")]
    [InlineData("/", "would match the whole layer")]
    [InlineData("   ", "is blank")]
    public void A_malformed_exclude_pattern_is_an_error_naming_it(string pattern, string reason)
    {
        using var project = PipProject();

        var error = Assert.Throws<LayerSettingsException>(() => Resolve(project, new() { ["exclude-pattern"] = ["*.pyi", pattern] }));

        Assert.Equal("exclude-pattern", error.Setting);
        Assert.StartsWith($"exclude-pattern '{pattern}' (from the command line) ", error.Message);
        Assert.Contains(reason, error.Message);
        Assert.Contains("Patterns are read like .gitignore", error.Message);
    }

    [Fact]
    public void Well_formed_exclude_patterns_are_kept_after_the_defaults()
    {
        using var project = PipProject();

        var settings = Resolve(project, new() { ["exclude-pattern"] = ["tests/", "*.pyi", "**/docs/**", "bin/*"] });

        Assert.Equal(["__pycache__/", "*.pyc", "tests/", "*.pyi", "**/docs/**", "bin/*"], settings.ExcludePatterns);
    }
}
