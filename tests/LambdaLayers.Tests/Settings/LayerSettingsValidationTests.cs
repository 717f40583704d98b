using LambdaLayers.FileSystem;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Settings;

/// <summary>
/// The one check of finished settings, as the resolver runs it and as the NUKE components run it on what a build's
/// ConfigureLayer returns: a value set in code gets the error the same value gets on the command line, naming
/// ConfigureLayer and the property it set instead of the command line.
/// </summary>
public sealed class LayerSettingsValidationTests
{
    private const string FromCode = "ConfigureLayer in the build's code, which set LayerSettings.";

    private static TempProject NewPipProject() =>
        new TempProject("[project]\nname = \"orders\"\nrequires-python = \">=3.12\"\n").Write("requirements.txt", "requests==2.31.0\n");

    private static LayerSettings Resolve(TempProject project, Dictionary<string, IReadOnlyList<string>>? explicitValues = null) =>
        LayerSettingsResolver.Resolve(new SettingsSources
        {
            WorkingDirectory = project.Root,
            Environment = new Dictionary<string, string>(),
            Explicit = explicitValues ?? new Dictionary<string, IReadOnlyList<string>>(),
        });

    private static LayerException Configured(TempProject project, Func<LayerSettings, LayerSettings> configure)
    {
        var resolved = Resolve(project);
        return Assert.ThrowsAny<LayerException>(() => LayerSettingsValidation.ValidateConfigured(resolved, configure(resolved)));
    }

    public static TheoryData<string, string[], string, Func<LayerSettings, LayerSettings>> SameErrorCases => new()
    {
        { "layer-name", [""], "LayerName", s => s with { LayerName = "" } },
        { "layer-name", ["orders layer"], "LayerName", s => s with { LayerName = "orders layer" } },
        { "layer-name", [new string('x', 141)], "LayerName", s => s with { LayerName = new string('x', 141) } },
        { "reserved-mb", ["251"], "ReservedBytes", s => s with { ReservedBytes = 251L * 1024 * 1024 } },
        { "compatible-runtimes", Enumerable.Repeat("python3.12", 16).ToArray(), "CompatibleRuntimes",
            s => s with { CompatibleRuntimes = Enumerable.Repeat("python3.12", 16).ToArray() } },
        { "compatible-runtimes", ["python2.7"], "CompatibleRuntimes", s => s with { CompatibleRuntimes = ["python2.7"] } },
        { "compatible-architectures", ["amd64"], "CompatibleArchitectures", s => s with { CompatibleArchitectures = ["amd64"] } },
        { "share-with", ["12345"], "ShareWith", s => s with { ShareWith = ["12345"] } },
        { "retain", ["0"], "Retain", s => s with { Retain = new RetentionPolicy(0, null, false) } },
        { "lambda-endpoint", ["ftp://127.0.0.1/"], "LambdaEndpoint", s => s with { LambdaEndpoint = new Uri("ftp://127.0.0.1/") } },
        { "tool", ["uv"], "Tool", s => s with { Tool = ToolKind.Uv } },
    };

    [Theory]
    [MemberData(nameof(SameErrorCases))]
    public void A_value_set_in_ConfigureLayer_gets_the_error_the_same_value_gets_on_the_command_line(
        string parameter, string[] values, string property, Func<LayerSettings, LayerSettings> configure)
    {
        using var project = NewPipProject();

        var fromCommandLine = Assert.ThrowsAny<LayerException>(() => Resolve(project, new() { [parameter] = values }));
        var fromCode = Configured(project, configure);

        Assert.Equal(fromCommandLine.GetType(), fromCode.GetType());
        Assert.Contains("(from the command line)", fromCommandLine.Message);
        Assert.Contains($"(from {FromCode}{property})", fromCode.Message);
        Assert.Equal(fromCommandLine.Message, fromCode.Message.Replace($"{FromCode}{property}", "the command line"));
        Assert.Equal(parameter, ((LayerSettingsException)fromCode).Setting);
    }

    [Fact]
    public void The_numbers_in_the_messages_are_Lambdas_limits()
    {
        using var project = NewPipProject();

        Assert.Contains($"at most {LambdaLimits.CompatibleRuntimes} ", Configured(project, s => s with { CompatibleRuntimes = Enumerable.Repeat("python3.12", 16).ToArray() }).Message);
        Assert.Contains($"from 0 to {LambdaLimits.UnzippedBytes / LambdaLimits.BytesPerMegabyte}:",
            Configured(project, s => s with { ReservedBytes = LambdaLimits.UnzippedBytes + 1 }).Message);
        Assert.Contains($"1 to {LambdaLimits.LayerNameCharacters} characters", Configured(project, s => s with { LayerName = "" }).Message);
        Assert.Contains($"at most {LambdaLimits.CompatibleArchitectures} ",
            Configured(project, s => s with { CompatibleArchitectures = ["x86_64", "arm64", "x86_64"] }).Message);
        Assert.Null(Record.Exception(() => LayerSettingsValidation.ValidateConfigured(Resolve(project), Resolve(project) with
        {
            ReservedBytes = LambdaLimits.UnzippedBytes,
            LayerName = new string('x', LambdaLimits.LayerNameCharacters),
            CompatibleRuntimes = Enumerable.Repeat("python3.12", LambdaLimits.CompatibleRuntimes).ToArray(),
            CompatibleArchitectures = ["x86_64", "arm64"],
        })));
    }

    [Fact]
    public void A_relative_or_outside_build_folder_from_ConfigureLayer_is_refused_by_name()
    {
        using var project = NewPipProject();
        using var outside = new TemporaryDirectory();

        var relative = Configured(project, s => s with { BuildDirectory = "build/custom" });
        var escaping = Configured(project, s => s with { BuildDirectory = outside.Path });
        var movedProject = Configured(project, s => s with { ProjectDirectory = Path.GetTempPath() });

        Assert.Equal($"build-dir 'build/custom' (from {FromCode}BuildDirectory) must be an absolute path: a relative one would depend on " +
                     "the folder the build happens to run in. Combine it with the project folder, as the parameters are.", relative.Message);
        Assert.IsType<UnsafeLayoutException>(escaping);
        Assert.StartsWith($"Refusing to use '{outside.Path}' as the layer build folder (build-dir, from {FromCode}BuildDirectory): it is wiped " +
                          $"before every build, so it must lie inside the project folder '{project.Root}'", escaping.Message);
        Assert.Contains("from ConfigureLayer", movedProject.Message);
    }

    [Fact]
    public void Credentials_in_an_index_url_from_ConfigureLayer_are_refused_without_echoing_them()
    {
        using var project = NewPipProject();

        var error = Configured(project, s => s with { Index = new PackageIndex("corp", new Uri("https://ci:tok3n@pkgs.example.com/simple/"), null, null) });

        Assert.StartsWith($"index-url (from {FromCode}Index) must not carry credentials", error.Message);
        Assert.DoesNotContain("tok3n", error.Message);
    }

    [Fact]
    public void An_index_for_poetry_must_be_declared_in_the_pyproject_read_once()
    {
        using var project = new TempProject("""
            [tool.poetry]
            name = "svc"
            [[tool.poetry.source]]
            name = "corp"
            url = "https://pkgs.example.com/simple/"
            """).Write("poetry.lock", "");
        var resolved = Resolve(project);

        var error = Assert.Throws<LayerSettingsException>(() => LayerSettingsValidation.ValidateConfigured(resolved,
            resolved with { Index = new PackageIndex("mirror", new Uri("https://mirror.example.com/simple/"), "u", "p") }));
        var declared = LayerSettingsValidation.ValidateConfigured(resolved,
            resolved with { Index = new PackageIndex("CORP", new Uri("https://pkgs.example.com/simple/"), "u", "p") });

        Assert.Equal("index-name", error.Setting);
        Assert.StartsWith($"index-name 'mirror' is not declared as [[tool.poetry.source]] in '{project.Path("pyproject.toml")}' (declared: corp; " +
                          $"index-name from {FromCode}Index)", error.Message);
        Assert.Equal("CORP", declared.Index!.Name);
    }

    [Fact]
    public void Settings_ConfigureLayer_leaves_alone_are_not_checked_again_and_null_is_an_error()
    {
        using var project = NewPipProject();
        var resolved = Resolve(project);
        // A lock file removed after resolving is the stages' to report: ConfigureLayer did not change the tool.
        File.Delete(project.Path("requirements.txt"));

        Assert.Same(resolved, LayerSettingsValidation.ValidateConfigured(resolved, resolved));
        var changed = LayerSettingsValidation.ValidateConfigured(resolved, resolved with { Bucket = "artifacts", Description = "x" });
        Assert.Equal("artifacts", changed.Bucket);
        var error = Assert.Throws<LayerSettingsException>(() => LayerSettingsValidation.ValidateConfigured(resolved, null));
        Assert.Contains("returned null", error.Message);
    }

    [Fact]
    public void A_build_folder_that_is_a_file_is_refused_and_the_file_is_kept()
    {
        using var project = NewPipProject();

        var error = Assert.Throws<LayerSettingsException>(() => Resolve(project, new() { ["build-dir"] = ["requirements.txt"] }));

        Assert.Equal($"build-dir '{project.Path("requirements.txt")}' (from the command line) is a regular file, not a folder. " +
                     "Point build-dir at a folder under the project (it is wiped before every build), such as build/lambda/layer.", error.Message);
        Assert.Equal("requests==2.31.0\n", File.ReadAllText(project.Path("requirements.txt")));
    }

    [Fact]
    public void A_region_that_cannot_be_a_host_name_and_a_path_with_a_nul_are_the_parameters_errors()
    {
        using var project = NewPipProject();

        var region = Assert.Throws<LayerSettingsException>(() => Resolve(project, new() { ["region"] = ["eu west 1"] }));
        project.Write(".nuke/parameters.json", "{ \"BuildDir\": \"build\\u0000x\" }");
        var nul = Assert.Throws<LayerSettingsException>(() => Resolve(project));

        Assert.Equal("'eu west 1' (region, from the command line) is not an AWS region name: write one such as eu-west-1 or us-east-1.", region.Message);
        Assert.StartsWith("build-dir (from .nuke/parameters.json ('BuildDir')) is not a usable path", nul.Message);
        Assert.Equal("us-gov-west-1", Resolve(project, new() { ["region"] = ["us-gov-west-1"], ["build-dir"] = ["build/x"] }).Region);
    }
}
