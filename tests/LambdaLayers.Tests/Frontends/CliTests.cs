using System.Text.Json;
using LambdaLayers.Cli;
using LambdaLayers.Pipeline;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Frontends;

public sealed class CliTests
{
    private static TempProject NewProject() =>
        new TempProject("[project]\nname = \"billing\"\nrequires-python = \">=3.11\"\n").Write("requirements.txt", "tinyutil==1.0\n");

    private static async Task<(int ExitCode, string Out, string Error)> Run(string[] args, Dictionary<string, string>? environment = null, ILayerStages? stages = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await CliApplication.RunAsync(args, stdout, stderr, environment ?? new Dictionary<string, string>(), stages, TestContext.Current.CancellationToken);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("--tool", "pipx", "Unknown tool 'pipx' (from the command line). Accepted values: pip, poetry, uv.")]
    [InlineData("--runtime", "python2.7", "Unknown runtime 'python2.7' (from the command line). Accepted values: python3.10, python3.11, python3.12, python3.13, python3.14.")]
    public async Task A_bad_parameter_is_one_line_with_the_accepted_values_and_exit_code_2(string option, string value, string message)
    {
        using var project = NewProject();

        var (exitCode, _, error) = await Run(["build", "--project", project.Root, option, value]);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal($"lambda-layers: {message}", error.TrimEnd());
    }

    [Fact]
    public async Task Unknown_options_and_missing_commands_are_usage_errors()
    {
        Assert.Equal(ExitCodes.Usage, (await Run(["build", "--toool", "pip"])).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await Run([])).ExitCode);
    }

    [Fact]
    public async Task Help_lists_every_parameter_and_the_target_names()
    {
        var (exitCode, output, _) = await Run(["publish", "--help"]);

        Assert.Equal(ExitCodes.Success, exitCode);
        foreach (var parameter in LambdaLayers.Settings.LayerParameters.All)
        {
            Assert.Contains("--" + parameter.Name, output);
        }
        Assert.Contains("LAMBDA_LAYERS_AWS_PROFILE, AWS_PROFILE", output);
        Assert.DoesNotContain("--profile", output);   // NUKE's own parameter, never reused
        var (_, rootHelp, _) = await Run(["--help"]);
        Assert.Contains("publish, PublishLayer", rootHelp);
        Assert.Contains("build, BuildLayer", rootHelp);
    }

    [Fact]
    public async Task Each_command_offers_only_the_options_its_stages_read_with_accepted_values_listed()
    {
        var (_, build, _) = await Run(["build", "--help"]);
        var (_, package, _) = await Run(["package", "--help"]);
        var (_, publish, _) = await Run(["PublishLayer", "--help"]);

        foreach (var parameter in LambdaLayers.Settings.LayerParameters.All)
        {
            var option = $"  --{parameter.Name} ";
            Assert.Equal((int)parameter.FirstStage <= 1, build.Contains(option, StringComparison.Ordinal));
            Assert.Equal((int)parameter.FirstStage <= 2, package.Contains(option, StringComparison.Ordinal));
            Assert.Contains(option, publish);
        }
        Assert.DoesNotContain("--retain", package);
        Assert.DoesNotContain("--share-with", package);
        Assert.DoesNotContain("--zip-layout", build);
        Assert.Contains("--bucket", build);   // the S3 build cache is read before anything is built
        Assert.Contains("Accepted: python3.10, python3.11, python3.12, python3.13, python3.14.", build);
        Assert.Contains("Accepted: x86_64, arm64.", build);
        Assert.Contains("Accepted: local, container, cross-platform.", build);
        Assert.Equal(ExitCodes.Usage, (await Run(["package", "--retain", "3"])).ExitCode);
    }

    [Fact]
    public async Task Each_stage_ends_in_one_line_with_its_time_and_why_it_had_nothing_to_do()
    {
        using var project = NewProject();

        var (exitCode, _, error) = await Run(["package", "--project", project.Root], stages: new RecordingStages());

        Assert.Equal(ExitCodes.Success, exitCode);
        var lines = error.Split('\n');
        Assert.Single(lines, l => l.Contains("BuildLayer", StringComparison.Ordinal) && !l.Contains('▶'));
        Assert.Single(lines, l => l.Contains("PackageLayer", StringComparison.Ordinal) && !l.Contains('▶'));
        Assert.Matches(@"✔ PackageLayer skipped in \d+\.\d s: recorded", error);
    }

    [Fact]
    public async Task Target_names_run_the_stages_before_them_and_json_prints_the_record()
    {
        using var project = NewProject();
        var stages = new RecordingStages();

        var (exitCode, output, _) = await Run(["PublishLayer", "--project", project.Root, "--json"], stages: stages);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(["build", "package", "publish"], stages.Calls.Select(c => c.Stage));
        using var json = JsonDocument.Parse(output);
        Assert.Equal("arn:aws:lambda:eu-west-1:123456789012:layer:billing:4", json.RootElement.GetProperty("layerVersionArn").GetString());
    }

    [Fact]
    public async Task Under_github_actions_the_summary_and_outputs_are_written()
    {
        using var project = NewProject();
        var summary = project.Path("step-summary.md");
        var outputs = project.Path("outputs.txt");
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary, ["GITHUB_OUTPUT"] = outputs,
        };

        var (exitCode, output, _) = await Run(["publish", "--project", project.Root], environment, new RecordingStages());

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("published arn:aws:lambda:eu-west-1:123456789012:layer:billing:4", output);
        Assert.Contains("| runtime | python3.14 |", File.ReadAllText(summary));
        Assert.Contains("layer-version-arn=arn:aws:lambda:eu-west-1:123456789012:layer:billing:4", File.ReadAllLines(outputs));
        Assert.Contains("layer-version=4", File.ReadAllLines(outputs));
    }

    [Fact]
    public async Task A_matrix_prints_a_table_and_its_json_and_github_outputs_carry_every_entry()
    {
        using var project = NewProject();
        var summary = project.Path("step-summary.md");
        var outputs = project.Path("outputs.txt");
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary, ["GITHUB_OUTPUT"] = outputs,
            ["LAMBDA_LAYERS_RUNTIME"] = "python3.12,python3.13",
        };
        var stages = new RecordingStages();

        var (exitCode, json, log) = await Run(["publish", "--project", project.Root, "--architecture", "x86_64,arm64", "--json"], environment, stages);

        Assert.True(exitCode == ExitCodes.Success, log);
        string[] entries = ["python3.12-x86_64", "python3.12-arm64", "python3.13-x86_64", "python3.13-arm64"];
        Assert.Equal(entries, stages.Calls.Where(c => c.Stage == "build").Select(c => c.Settings.MatrixEntry));
        Assert.All(stages.Calls, c => Assert.Equal(project.Path("build/lambda/layer/" + c.Settings.MatrixEntry), c.Settings.Layout.BuildDirectory));
        using (var document = JsonDocument.Parse(json))
        {
            Assert.Equal(entries, document.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("entry").GetString()));
            var arm = document.RootElement.GetProperty("entries")[3];
            Assert.Equal("python3.13", arm.GetProperty("runtime").GetString());
            Assert.Equal("arm64", arm.GetProperty("architecture").GetString());
            Assert.Equal("published", arm.GetProperty("result").GetString());
            Assert.Equal("arn:aws:lambda:eu-west-1:123456789012:layer:billing:4", arm.GetProperty("deployment").GetProperty("layerVersionArn").GetString());
        }
        Assert.Contains("| runtime | architecture | files |", File.ReadAllText(summary));
        var line = File.ReadAllLines(outputs).Single(l => l.StartsWith("layer-version-arn=", StringComparison.Ordinal));
        using (var map = JsonDocument.Parse(line["layer-version-arn=".Length..]))
        {
            Assert.Equal(entries.Order(), map.RootElement.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal("arn:aws:lambda:eu-west-1:123456789012:layer:billing:4", map.RootElement.GetProperty("python3.12-arm64").GetString());
        }

        // Without --json, the summary is a table: a header and one row per entry with runtime, architecture, files,
        // sizes, budget share, result and ARN.
        var (_, text, _) = await Run(["publish", "--project", project.Root, "--architecture", "x86_64,arm64"], environment, new RecordingStages());
        Assert.Matches(@"runtime\s+architecture\s+files\s+unzipped\s+zipped\s+budget\s+result\s+layer version", text);
        Assert.Matches(@"python3\.13\s+arm64\s+1\s+20 B\s+10 B\s+0\.0%\s+published\s+arn:aws:lambda:eu-west-1:123456789012:layer:billing:4", text);
    }

    [Fact]
    public async Task Package_builds_with_real_pip_and_the_second_run_is_unchanged()
    {
        var python = TestEnvironment.RequireProgram("python3.11");
        using var wheels = new TemporaryDirectory("ll-cli-wheels");
        TestWheels.WriteAll(wheels.Path);
        await using var index = await PackageIndexServer.StartAsync(wheels.Path);
        using var project = NewProject();
        project.Write("requirements.txt", "tinyutil==1.0\nleafdep==2.0\n");
        string[] args = ["package", "--project", project.Root, "--runtime", "python3.11", "--python", python, "--index-url", index.Url.ToString()];

        var first = await Run(args);
        var second = await Run(args);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("packaged layer.zip", first.Out);
        Assert.Contains("fingerprint", first.Out);
        Assert.True(File.Exists(project.Path("build/lambda/layer/layer.zip")));
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Contains("skipped as unchanged", second.Out);
    }

    // A project whose build.json matches the settings the CLI resolves for it, so BuildLayer's unchanged-check runs
    // over artifacts/ (no tool is needed: the check fails before anything would be installed).
    private static TempProject ProjectWithRecordedBuild()
    {
        var project = NewProject();
        project.Write("build/lambda/layer/artifacts/python/pkg/__init__.py", "");
        var settings = LambdaLayers.Settings.LayerSettingsResolver.Resolve(new LambdaLayers.Settings.SettingsSources
        {
            Explicit = new Dictionary<string, IReadOnlyList<string>> { ["project"] = [project.Root] },
            Environment = new Dictionary<string, string>(),
        });
        new BuildRecord(LayerFingerprint.Compute(settings).Value, "recorded", "pip", settings.Runtime.Name, "x86_64", "local", DateTimeOffset.UtcNow)
            .Write(settings.Layout.BuildRecordPath);
        return project;
    }

    [Fact]
    public async Task A_fifo_in_artifacts_fails_the_unchanged_check_with_its_name_and_exit_code_1()
    {
        using var project = ProjectWithRecordedBuild();
        SpecialFiles.Fifo(project.Path("build/lambda/layer/artifacts/python/pkg/pipe"));

        var (exitCode, _, error) = await Run(["package", "--project", project.Root]).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Contains($"'python/pkg/pipe' in '{project.Path("build/lambda/layer/artifacts")}' is a FIFO (named pipe)", error);
        Assert.DoesNotContain("Unexpected", error);
    }

    [Fact]
    public async Task A_fifo_named_requirements_txt_is_a_usage_error_naming_it()
    {
        using var project = NewProject();
        File.Delete(project.Path("requirements.txt"));
        SpecialFiles.Fifo(project.Path("requirements.txt"));

        var (exitCode, _, error) = await Run(["build", "--project", project.Root]).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal($"lambda-layers: '{project.Path("requirements.txt")}' is a FIFO (named pipe), not a regular file, so it is not read " +
                     "(reading it could wait forever). Replace it with the project's requirements.txt.", error.TrimEnd());
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_file_the_user_cannot_read_is_named_when_the_tool_runs_as_that_user()
    {
        // Root reads any file whatever its mode, so the tool runs as the user nobody, for real.
        TestEnvironment.Require(Environment.UserName == "root" && TestEnvironment.FindOnPath("setpriv") is not null,
            "root and setpriv (to run lambda-layers as the user nobody)");
        using var project = ProjectWithRecordedBuild();
        var secret = project.Path("build/lambda/layer/artifacts/python/pkg/secret.py");
        File.WriteAllText(secret, "TOKEN = 1\n");
        File.SetUnixFileMode(secret, UnixFileMode.None);

        var (exitCode, output) = ToolProcess.Run("setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", "--", "dotnet", Path.Combine(AppContext.BaseDirectory, "lambda-layers.dll"),
             "package", "--project", project.Root],
            project.Root, new Dictionary<string, string?> { ["HOME"] = Path.GetTempPath(), ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });

        Assert.True(exitCode == ExitCodes.Failed, output);
        Assert.Contains($"Cannot read '{secret}': permission denied. Make sure this user may read every file under the build folder", output);
        Assert.DoesNotContain("Unexpected", output);
    }

    [Theory]
    [InlineData("folder", "it is a folder, not a regular file")]
    [InlineData("fifo", "it is a FIFO (named pipe), not a regular file")]
    public async Task A_step_summary_that_cannot_be_written_is_named_with_its_variable(string kind, string reason)
    {
        using var project = NewProject();
        var summary = project.Path("step-summary");
        if (kind == "folder")
        {
            Directory.CreateDirectory(summary);
        }
        else
        {
            SpecialFiles.Fifo(summary);
        }
        var environment = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary };

        var (exitCode, _, error) = await Run(["publish", "--project", project.Root], environment, new RecordingStages())
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Contains($"Cannot write to '{summary}' (GITHUB_STEP_SUMMARY): {reason}. The layer itself is done", error);
        Assert.DoesNotContain("Unexpected", error);
    }
}
