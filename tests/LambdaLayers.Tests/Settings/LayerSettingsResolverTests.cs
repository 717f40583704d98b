using LambdaLayers.Projects;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Settings;

public sealed class LayerSettingsResolverTests
{
    private const string PipProject = """
        [project]
        name = "orders.layer"
        version = "1.0.0"
        description = "Order service dependencies"
        requires-python = ">=3.10"
        dependencies = ["requests>=2"]
        """;

    private static LayerSettings Resolve(TempProject project, Dictionary<string, string>? environment = null,
        Dictionary<string, IReadOnlyList<string>>? explicitValues = null) =>
        LayerSettingsResolver.Resolve(new SettingsSources
        {
            WorkingDirectory = project.Root,
            Environment = environment ?? new Dictionary<string, string>(),
            Explicit = explicitValues ?? new Dictionary<string, IReadOnlyList<string>>(),
        });

    private static TempProject NewPipProject(string extraToml = "") =>
        new TempProject(PipProject + "\n" + extraToml).Write("requirements.txt", "requests==2.31.0\n");

    [Fact]
    public void Defaults_come_from_the_project_and_the_runtime_table()
    {
        using var project = NewPipProject();

        var settings = Resolve(project);

        Assert.Equal(ToolKind.Pip, settings.Tool);
        Assert.Equal("python3.14", settings.Runtime.Name);
        Assert.Equal(LambdaArchitecture.X86_64, settings.Architecture);
        Assert.Equal(BuildMode.CrossPlatform, settings.Mode); // pip can always install for the Lambda platform
        Assert.Equal("orders-layer", settings.LayerName);
        Assert.Equal("lambda-layers/orders-layer", settings.Prefix);
        Assert.Equal("Order service dependencies", settings.Description);
        Assert.Equal(LayerSettings.DefaultExcludes, settings.Excludes);
        Assert.Equal(Path.Combine(project.Root, "build", "lambda", "layer"), settings.Layout.BuildDirectory);
    }

    [Theory]
    [InlineData(">=3.10,<3.13", "python3.12")]
    [InlineData("~=3.11.4", "python3.11")]
    [InlineData("~=3.11", "python3.14")]
    [InlineData("~3.11", "python3.11")]
    [InlineData("==3.10.*", "python3.10")]
    [InlineData(">=3.9, !=3.13.*, <3.14", "python3.12")]
    [InlineData("^3.10", "python3.14")]
    [InlineData(">=3.8,<3.11 || ^3.12.2", "python3.14")]
    public void The_default_runtime_is_the_newest_that_satisfies_requires_python(string requiresPython, string expected)
    {
        using var project = new TempProject($"[project]\nname = \"x\"\nrequires-python = \"{requiresPython}\"\n")
            .Write("requirements.txt", "");

        Assert.Equal(expected, Resolve(project).Runtime.Name);
    }

    [Fact]
    public void Poetry_python_constraint_counts_as_requires_python()
    {
        using var project = new TempProject("""
            [tool.poetry]
            name = "svc"
            version = "0.1.0"
            [tool.poetry.dependencies]
            python = "~3.12"
            """).Write("poetry.lock", "");

        var settings = Resolve(project);

        Assert.Equal(ToolKind.Poetry, settings.Tool);
        Assert.Equal("python3.12", settings.Runtime.Name);
    }

    [Fact]
    public void No_runtime_satisfying_requires_python_is_an_error_listing_the_runtimes()
    {
        using var project = new TempProject("[project]\nname = \"x\"\nrequires-python = \"<3.9\"\n").Write("requirements.txt", "");

        var error = Assert.Throws<LayerSettingsException>(() => Resolve(project));

        Assert.Contains("<3.9", error.Message);
        Assert.Contains("python3.10, python3.11, python3.12, python3.13, python3.14", error.Message);
    }

    [Fact]
    public void Tool_is_detected_from_the_lock_file_uv_first()
    {
        using var project = NewPipProject().Write("poetry.lock", "").Write("uv.lock", "");

        Assert.Equal(ToolKind.Uv, Resolve(project).Tool);
    }

    [Fact]
    public void Precedence_is_pyproject_then_nuke_parameters_then_environment_then_explicit()
    {
        using var project = NewPipProject("""
            [tool.lambda-layers]
            runtime = "python3.10"
            architecture = "arm64"
            mode = "cross-platform"
            layer-name = "from-pyproject"
            exclude = ["numpy-stubs"]
            """);
        project.Write(".nuke/parameters.json", """
            { "$schema": "./build.schema.json", "Solution": "x.sln", "Runtime": "python3.11", "layer-name": "from-nuke", "Mode": "container" }
            """);
        var environment = new Dictionary<string, string> { ["LAMBDA_LAYERS_RUNTIME"] = "python3.12", ["LAMBDA_LAYERS_LAYER_NAME"] = "from-env" };
        var explicitValues = new Dictionary<string, IReadOnlyList<string>> { ["runtime"] = ["python3.13"] };

        var settings = Resolve(project, environment, explicitValues);

        Assert.Equal("python3.13", settings.Runtime.Name);               // explicit beats all
        Assert.Equal("from-env", settings.LayerName);                    // environment beats parameters.json
        Assert.Equal(BuildMode.Container, settings.Mode);                // parameters.json beats pyproject
        Assert.Equal(LambdaArchitecture.Arm64, settings.Architecture);   // pyproject when nothing else says
        Assert.Contains("numpy-stubs", settings.Excludes);
        Assert.Contains("boto3", settings.Excludes);
    }

    [Fact]
    public void Lists_from_the_environment_are_comma_separated_and_no_default_excludes_replaces_the_list()
    {
        using var project = NewPipProject();
        var environment = new Dictionary<string, string>
        {
            ["LAMBDA_LAYERS_EXCLUDE"] = "numpy, pandas",
            ["LAMBDA_LAYERS_NO_DEFAULT_EXCLUDES"] = "true",
        };

        var settings = Resolve(project, environment);

        Assert.Equal(["numpy", "pandas"], settings.Excludes);
    }

    [Theory]
    [InlineData("tool", "pipx", "Unknown tool 'pipx' (from the command line). Accepted values: pip, poetry, uv.")]
    [InlineData("runtime", "python2.7", "Unknown runtime 'python2.7' (from the command line). Accepted values: python3.10, python3.11, python3.12, python3.13, python3.14.")]
    [InlineData("architecture", "riscv64", "Unknown architecture 'riscv64' (from the command line). Accepted values: x86_64, arm64.")]
    [InlineData("mode", "docker", "Unknown mode 'docker' (from the command line). Accepted values: local, container, cross-platform.")]
    public void Unknown_values_name_the_setting_and_the_accepted_values(string parameter, string value, string expected)
    {
        using var project = NewPipProject();

        var error = Assert.Throws<LayerSettingsException>(() =>
            Resolve(project, explicitValues: new() { [parameter] = [value] }));

        Assert.Equal(parameter, error.Setting);
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void A_bad_value_from_the_environment_names_the_variable()
    {
        using var project = NewPipProject();

        var error = Assert.Throws<LayerSettingsException>(() =>
            Resolve(project, new Dictionary<string, string> { ["LAMBDA_LAYERS_ARCHITECTURE"] = "amd64" }));

        Assert.Contains("(from LAMBDA_LAYERS_ARCHITECTURE)", error.Message);
    }

    [Fact]
    public void Unknown_key_in_the_pyproject_table_lists_the_known_settings()
    {
        using var project = NewPipProject("[tool.lambda-layers]\nruntme = \"python3.12\"\n");

        var error = Assert.Throws<LayerSettingsException>(() => Resolve(project));

        Assert.Contains("Unknown setting 'runtme' in [tool.lambda-layers] in pyproject.toml", error.Message);
        Assert.Contains("runtime", error.Message);
    }

    [Fact]
    public void A_password_in_pyproject_is_refused()
    {
        using var project = NewPipProject("[tool.lambda-layers]\nindex-password = \"hunter2\"\n");

        var error = Assert.Throws<LayerSettingsException>(() => Resolve(project));

        Assert.Contains("LAMBDA_LAYERS_INDEX_PASSWORD", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void Missing_pyproject_is_an_error_naming_the_path_and_the_fix()
    {
        using var project = new TempProject();

        var error = Assert.Throws<PyProjectException>(() => Resolve(project));

        Assert.Contains(Path.Combine(project.Root, "pyproject.toml"), error.Message);
        Assert.Contains("--project", error.Message);
    }

    [Fact]
    public void Malformed_pyproject_reports_line_and_column()
    {
        using var project = new TempProject("[project]\nname = \"x\"\nversion = 1.0.0\n").Write("requirements.txt", "");

        var error = Assert.Throws<PyProjectException>(() => Resolve(project));

        Assert.Contains("pyproject.toml:3:", error.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_in_pyproject_names_the_key_path()
    {
        using var project = new TempProject("[project]\nname = \"x\"\ndependencies = \"requests\"\n").Write("requirements.txt", "");

        var error = Assert.Throws<PyProjectException>(() => Resolve(project));

        Assert.Contains("project.dependencies must be an array of strings", error.Message);
    }

    [Theory]
    [InlineData("poetry", "poetry.lock", "poetry lock")]
    [InlineData("uv", "uv.lock", "uv lock")]
    [InlineData("pip", "requirements.txt", "pip freeze")]
    public void A_lock_file_the_tool_needs_is_absent(string tool, string lockFile, string fix)
    {
        using var project = new TempProject(PipProject);

        var error = Assert.Throws<LayerSettingsException>(() => Resolve(project, explicitValues: new() { ["tool"] = [tool] }));

        Assert.Equal("tool", error.Setting);
        Assert.Contains(lockFile, error.Message);
        Assert.Contains(fix, error.Message);
    }

    [Fact]
    public void Index_credentials_for_poetry_must_name_a_declared_source()
    {
        using var project = new TempProject("""
            [tool.poetry]
            name = "svc"
            [[tool.poetry.source]]
            name = "corp"
            url = "https://pkgs.example.com/simple/"
            priority = "primary"
            """).Write("poetry.lock", "");
        var environment = new Dictionary<string, string>
        {
            ["LAMBDA_LAYERS_INDEX_NAME"] = "other",
            ["LAMBDA_LAYERS_INDEX_PASSWORD"] = "s3cret-token",
        };

        var error = Assert.Throws<LayerSettingsException>(() => Resolve(project, environment));
        Assert.Contains("index-name 'other' is not declared as [[tool.poetry.source]]", error.Message);
        Assert.Contains("declared: corp", error.Message);
        Assert.DoesNotContain("s3cret-token", error.Message);

        environment.Remove("LAMBDA_LAYERS_INDEX_NAME");
        environment["LAMBDA_LAYERS_INDEX_USERNAME"] = "ci";
        var settings = Resolve(project, environment);
        var index = settings.Index!;
        Assert.Equal("corp", index.Name);
        Assert.Equal("CORP", index.EnvironmentName);
        Assert.Equal(new Uri("https://pkgs.example.com/simple/"), index.Url);
        Assert.Equal("s3cret-token", index.Password);
        Assert.DoesNotContain("s3cret-token", index.ToString());
        // A record prints every property: the settings must print the index through its masking ToString.
        Assert.Contains("password ***", settings.ToString());
        Assert.DoesNotContain("s3cret-token", settings.ToString());
    }

    [Fact]
    public void Credentials_embedded_in_the_index_url_are_refused_without_echoing_them()
    {
        using var project = NewPipProject();

        var error = Assert.Throws<LayerSettingsException>(() => Resolve(project,
            new Dictionary<string, string> { ["LAMBDA_LAYERS_INDEX_URL"] = "https://ci:tok3n@pkgs.example.com/simple/" }));

        Assert.Equal("index-url", error.Setting);
        Assert.DoesNotContain("tok3n", error.Message);
    }

    [Fact]
    public void A_build_folder_outside_the_project_is_refused()
    {
        using var project = NewPipProject();

        var error = Assert.Throws<LambdaLayers.FileSystem.UnsafeLayoutException>(() =>
            Resolve(project, explicitValues: new() { ["build-dir"] = [".."] }));

        Assert.Contains("must lie inside the project folder", error.Message);
    }

    [Fact]
    public void Numbers_and_share_principals_are_validated()
    {
        using var project = NewPipProject();

        Assert.Contains("whole number", Assert.Throws<LayerSettingsException>(() =>
            Resolve(project, explicitValues: new() { ["retain"] = ["five"] })).Message);
        Assert.Contains("12-digit account id", Assert.Throws<LayerSettingsException>(() =>
            Resolve(project, explicitValues: new() { ["share-with"] = ["12345"] })).Message);
        var settings = Resolve(project, explicitValues: new() { ["retain"] = ["3"], ["share-with"] = ["123456789012", "o-abcdefghij"] });
        Assert.Equal(new RetentionPolicy(3, null, false), settings.Retain);
        Assert.Equal(["123456789012", "o-abcdefghij"], settings.ShareWith);
    }

    [Fact]
    public void The_build_cache_is_on_with_a_bucket_and_no_cache_or_force_turn_the_shortcuts_off()
    {
        using var project = NewPipProject();

        var plain = Resolve(project);
        Assert.False(plain.Force);
        Assert.True(plain.BuildCache);
        Assert.False(plain.UsesBuildCache); // no bucket, no cache

        var withBucket = Resolve(project, new() { ["LAMBDA_LAYERS_BUCKET"] = "artifacts" });
        Assert.True(withBucket.UsesBuildCache);

        var noCache = Resolve(project, new() { ["LAMBDA_LAYERS_BUCKET"] = "artifacts", ["LAMBDA_LAYERS_NO_CACHE"] = "true" });
        Assert.False(noCache.UsesBuildCache);

        var forced = Resolve(project, explicitValues: new() { ["force"] = ["true"] });
        Assert.True(forced.Force);
        Assert.Equal(LambdaLayers.Pipeline.LayerFingerprint.Compute(plain).Value, LambdaLayers.Pipeline.LayerFingerprint.Compute(forced).Value);

        Assert.Contains("force 'maybe' (from the command line) must be true or false", Assert.Throws<LayerSettingsException>(() =>
            Resolve(project, explicitValues: new() { ["force"] = ["maybe"] })).Message);
    }
}
