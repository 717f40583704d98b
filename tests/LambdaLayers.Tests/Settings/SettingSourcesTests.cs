using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Settings;

/// <summary>
/// Where values come from besides the command line: .nuke/parameters.json as the CLI reads it, values a front
/// end supplies with their own origin (a NUKE build), the AWS profile's variables, and values given twice.
/// </summary>
public sealed class SettingSourcesTests
{
    private const string PipProject = "[project]\nname = \"svc\"\nversion = \"1.0\"\nrequires-python = \">=3.10\"\n";

    private static LayerSettings Resolve(string workingDirectory, Dictionary<string, string>? environment = null,
        Dictionary<string, IReadOnlyList<string>>? explicitValues = null, IReadOnlyList<SuppliedSetting>? supplied = null, bool readParametersFile = true) =>
        LayerSettingsResolver.Resolve(new SettingsSources
        {
            WorkingDirectory = workingDirectory,
            Environment = environment ?? new Dictionary<string, string>(),
            Explicit = explicitValues ?? new Dictionary<string, IReadOnlyList<string>>(),
            Supplied = supplied ?? [],
            ReadParametersFile = readParametersFile,
        });

    /// <summary>A NUKE root (.nuke/parameters.json) with the project in svc/.</summary>
    private static TempProject RootWithProject(string parametersJson) =>
        new TempProject()
            .Write(".nuke/parameters.json", parametersJson)
            .Write("svc/pyproject.toml", PipProject)
            .Write("svc/requirements.txt", "six==1.16.0\n");

    [Fact]
    public void The_cli_reads_the_parameters_file_of_the_nuke_root_above_the_project_not_of_the_current_folder()
    {
        using var root = RootWithProject("""{ "Mode": "container", "mode": "local", "Project": "elsewhere", "LayerName": "from-root" }""");
        using var elsewhere = new TempProject().Write(".nuke/parameters.json", """{ "Mode": "cross-platform", "LayerName": "from-cwd" }""");

        var settings = Resolve(elsewhere.Root, explicitValues: new() { ["project"] = [root.Path("svc")] });

        Assert.Equal(root.Path("svc"), settings.ProjectDirectory);          // the file's Project key is not the CLI's
        Assert.Equal(BuildMode.Container, settings.Mode);                   // keys are member names, matched exactly
        Assert.Equal("from-root", settings.LayerName);
    }

    [Fact]
    public void A_value_from_the_parameters_file_names_the_file_and_key()
    {
        using var root = RootWithProject("""{ "Architecture": "amd64" }""");

        var error = Assert.Throws<LayerSettingsException>(() => Resolve(root.Path("svc")));

        Assert.Equal("Unknown architecture 'amd64' (from .nuke/parameters.json ('Architecture')). Accepted values: x86_64, arm64.", error.Message);
    }

    [Theory]
    [InlineData("v1:q83vEjRWeJA=", "encrypted by NUKE")]
    [InlineData("plain-text-token", "written in plain text")]
    public void A_secret_in_the_parameters_file_is_refused_by_the_cli_unless_the_environment_gives_it(string stored, string reason)
    {
        using var root = RootWithProject($$"""{ "IndexUrl": "https://pkgs.example.com/simple/", "IndexPassword": "{{stored}}" }""");

        var error = Assert.Throws<LayerSettingsException>(() => Resolve(root.Path("svc")));

        Assert.Equal("index-password", error.Setting);
        Assert.Contains(reason, error.Message);
        Assert.Contains("set LAMBDA_LAYERS_INDEX_PASSWORD in the environment", error.Message);
        Assert.DoesNotContain(stored, error.Message);
        var settings = Resolve(root.Path("svc"), new Dictionary<string, string> { ["LAMBDA_LAYERS_INDEX_PASSWORD"] = "from-env" });
        Assert.Equal("from-env", settings.Index!.Password);
    }

    [Fact]
    public void A_nuke_build_reads_no_parameters_file_itself()
    {
        using var root = RootWithProject("""{ "Mode": "container", "IndexPassword": "v1:q83vEjRWeJA=" }""");

        var settings = Resolve(root.Path("svc"), readParametersFile: false);

        Assert.NotEqual(BuildMode.Container, settings.Mode); // the default, not the file's value
        Assert.Null(settings.Index);
    }

    [Fact]
    public void Supplied_values_rank_with_their_source_and_keep_their_origin_in_errors()
    {
        using var project = new TempProject(PipProject).Write("requirements.txt", "");
        var environment = new Dictionary<string, string> { ["LAMBDA_LAYERS_RUNTIME"] = "python3.12", ["LAMBDA_LAYERS_MODE"] = "container" };
        SuppliedSetting[] supplied =
        [
            new("Runtime", ["python3.11"], ".nuke/parameters.json, NUKE parameter Runtime", SettingPrecedence.ParametersFile),
            new("Mode", ["cross-platform"], "environment variable MODE, NUKE parameter Mode", SettingPrecedence.Environment),
            new("LayerName", ["from-nuke"], "the command line, NUKE parameter LayerName", SettingPrecedence.Explicit),
        ];

        var settings = Resolve(project.Root, environment, supplied: supplied);

        Assert.Equal("python3.12", settings.Runtime.Name);           // LAMBDA_LAYERS_RUNTIME beats the parameters file
        Assert.Equal(BuildMode.CrossPlatform, settings.Mode);        // at the same rank the supplied value wins
        Assert.Equal("from-nuke", settings.LayerName);
        var error = Assert.Throws<LayerSettingsException>(() => Resolve(project.Root,
            supplied: [new("Runtime", ["python2.7"], "the command line, NUKE parameter Runtime", SettingPrecedence.Explicit)]));
        Assert.StartsWith("Unknown runtime 'python2.7' (from the command line, NUKE parameter Runtime).", error.Message);
    }

    [Fact]
    public void The_aws_profile_is_aws_profile_then_its_variable_then_AWS_PROFILE()
    {
        using var project = new TempProject(PipProject).Write("requirements.txt", "");

        Assert.Equal("dev", Resolve(project.Root, new() { ["AWS_PROFILE"] = "dev" }).AwsProfile);
        Assert.Equal("ci", Resolve(project.Root, new() { ["AWS_PROFILE"] = "dev", ["LAMBDA_LAYERS_AWS_PROFILE"] = "ci" }).AwsProfile);
        Assert.Equal("release", Resolve(project.Root, new() { ["AWS_PROFILE"] = "dev" }, new() { ["aws-profile"] = ["release"] }).AwsProfile);
        var error = Assert.Throws<LayerSettingsException>(() => Resolve(project.Root, explicitValues: new() { ["profile"] = ["dev"] }));
        Assert.Contains("aws-profile", error.Message);
    }

    [Fact]
    public void A_value_outside_its_closed_set_is_reported_before_the_project_is_read()
    {
        using var empty = new TempProject();

        var error = Assert.Throws<LayerSettingsException>(() => Resolve(empty.Root, explicitValues: new() { ["runtime"] = ["python2.7"] }));

        Assert.Equal("runtime", error.Setting);
        Assert.Contains("Accepted values: python3.10, python3.11, python3.12, python3.13, python3.14.", error.Message);
    }

    [Fact]
    public void A_parameter_of_one_value_given_several_is_an_error()
    {
        // Runtimes and architectures take lists (a matrix); a mode is one.
        using var project = new TempProject(PipProject + "\n[tool.lambda-layers]\nmode = [\"local\", \"container\"]\n").Write("requirements.txt", "");

        var error = Assert.Throws<LayerSettingsException>(() => Resolve(project.Root));

        Assert.Equal("mode takes one value, but [tool.lambda-layers] in pyproject.toml gives 'local' 'container'.", error.Message);
    }
}
