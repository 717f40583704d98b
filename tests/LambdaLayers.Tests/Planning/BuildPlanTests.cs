using LambdaLayers.Execution;
using LambdaLayers.Planning;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Pipeline;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Planning;

/// <summary>Plans alone (no tools run): one strategy method serves host and container; secrets stay out of argv.</summary>
public sealed class BuildPlanTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static LayerSettings Project(TemporaryDirectory temp, ToolKind tool, BuildMode mode)
    {
        var project = temp.Combine("project");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "pyproject.toml"), "[[tool.poetry.source]]\nname = \"corp\"\nurl = \"https://pkgs.example.com/simple/\"\n");
        File.WriteAllText(Path.Combine(project, LayerSettings.ManifestFileName(tool)), "# pinned\n");
        return BuildFixture.Settings(project, tool, mode, index: new PackageIndex("corp", new Uri("https://pkgs.example.com/simple/"), "ci", "pa:ss/w0rd"));
    }

    [Theory]
    [InlineData(ToolKind.Pip)]
    [InlineData(ToolKind.Poetry)]
    [InlineData(ToolKind.Uv)]
    public void Container_plans_use_container_paths_and_keep_the_password_in_secret_variables_only(ToolKind tool)
    {
        using var temp = new TemporaryDirectory();
        var settings = Project(temp, tool, BuildMode.Container);
        var environment = ExecutionEnvironment.ForContainer(settings, new InstalledTool("poetry", new Version(1, 3, 2)));

        var plan = BuildStrategies.For(tool).CreatePlan(settings, environment);

        Assert.Equal("/var/task/build/lambda/layer", environment.BuildDirectory);
        Assert.Equal("/var/task/build/lambda/layer/artifacts/python", plan.OutputDirectory);
        Assert.All(plan.Commands, c => Assert.StartsWith("/var/task/build/lambda/layer/repo", c.WorkingDirectory));
        Assert.All(plan.Files, f => Assert.StartsWith(settings.Layout.RepoDirectory, f.Destination));
        foreach (var command in plan.Commands)
        {
            Assert.DoesNotContain("pa:ss/w0rd", command.Display);
            Assert.DoesNotContain(Uri.EscapeDataString("pa:ss/w0rd"), command.Display);
            foreach (var (name, value) in command.Environment)
            {
                if (value.Contains("w0rd", StringComparison.Ordinal))
                {
                    Assert.Contains(name, command.SecretNames);
                }
            }
        }
        var masker = SecretMasker.For(plan);
        Assert.Equal("login ****", masker.Apply("login pa:ss/w0rd"));
        Assert.Equal("url ****", masker.Apply("url " + Uri.EscapeDataString("pa:ss/w0rd")));
    }

    [Fact]
    public void Pip_cross_platform_lists_every_manylinux_tag_up_to_the_runtime_glibc()
    {
        using var temp = new TemporaryDirectory();
        var settings = Project(temp, ToolKind.Pip, BuildMode.CrossPlatform) with { Architecture = LambdaArchitecture.Arm64 };

        var arguments = new PipStrategy().CreatePlan(settings, ExecutionEnvironment.ForHost(settings, "python3")).Commands.Single().Arguments.ToList();

        var platforms = arguments.Select((a, i) => (a, i)).Where(x => x.a == "--platform").Select(x => arguments[x.i + 1]).ToList();
        Assert.Equal(settings.Runtime.ManylinuxTags(LambdaArchitecture.Arm64), platforms);
        Assert.Contains("manylinux_2_34_aarch64", platforms);
        Assert.DoesNotContain("manylinux_2_35_aarch64", platforms);
        Assert.Contains("--only-binary=:all:", arguments);
        Assert.Contains("--no-input", arguments);
        Assert.Equal(["--abi", "cp312"], arguments.Skip(arguments.IndexOf("--abi")).Take(2));
    }

    [Fact]
    public void Poetry_checks_the_lock_only_where_poetry_would_not_and_selects_groups_with_only()
    {
        using var temp = new TemporaryDirectory();
        var settings = Project(temp, ToolKind.Poetry, BuildMode.Local) with { Groups = ["extras"] };
        var old = new PoetryStrategy().CreatePlan(settings, ExecutionEnvironment.ForHost(settings, "python3", new InstalledTool("poetry", new Version(1, 3, 2))));
        var current = new PoetryStrategy().CreatePlan(settings, ExecutionEnvironment.ForHost(settings, "python3", new InstalledTool("poetry", new Version(2, 1, 0))));

        Assert.Contains(old.Commands, c => c.Program == "poetry" && c.Arguments.SequenceEqual(["lock", "--check", "--no-interaction"]));
        Assert.DoesNotContain(current.Commands, c => c.Arguments.Contains("lock"));
        var install = current.Commands.Single(c => c.Arguments.FirstOrDefault() == "install");
        Assert.Equal(["install", "--no-root", "--no-interaction", "--only", "main,extras"], install.Arguments);
        Assert.Equal("true", install.Environment["POETRY_VIRTUALENVS_IN_PROJECT"]);
        Assert.Equal("ci", install.Environment["POETRY_HTTP_BASIC_CORP_USERNAME"]);
        Assert.Contains("POETRY_HTTP_BASIC_CORP_PASSWORD", install.SecretNames);
        Assert.DoesNotContain(install.Environment.Keys, k => k is "POETRY_CONFIG_DIR" or "POETRY_CACHE_DIR");
    }

    // PoetryBuildTests covers this with the real Poetry, but skips where that Poetry has `poetry export`;
    // the decision itself is the plan's, so it is checked here on every machine.
    [Fact]
    public void Poetry_cross_platform_without_the_export_command_is_refused_with_the_fix()
    {
        using var temp = new TemporaryDirectory();
        var settings = Project(temp, ToolKind.Poetry, BuildMode.CrossPlatform);
        var withoutExport = new InstalledTool("poetry", new Version(1, 3, 2)) { HasExportCommand = false };
        var withExport = withoutExport with { HasExportCommand = true };

        var error = Assert.Throws<BuildInputException>(() =>
            new PoetryStrategy().CreatePlan(settings, ExecutionEnvironment.ForHost(settings, "python3", withoutExport)));

        Assert.Equal("poetry export", error.Input);
        Assert.Contains("poetry-plugin-export", error.Message);
        Assert.Contains("--mode container", error.Message);
        var plan = new PoetryStrategy().CreatePlan(settings, ExecutionEnvironment.ForHost(settings, "python3", withExport));
        Assert.Contains(plan.Commands, c => c.Program == "poetry" && c.Arguments.FirstOrDefault() == "export");
    }

    [Fact]
    public async Task A_program_missing_from_PATH_is_named_with_install_advice()
    {
        using var temp = new TemporaryDirectory();
        var plan = new BuildPlan(ToolKind.Poetry, [], [new PlanCommand("poetry-not-installed-xyz", ["install"], temp.Path)]);

        var error = await Assert.ThrowsAsync<ToolNotFoundException>(() => new HostExecutor(new CapturingLogger().Logger).ExecuteAsync(plan, Ct));

        Assert.Contains("'poetry-not-installed-xyz' was not found on PATH", error.Message);
        Assert.Contains("apt-get install python3-poetry", ToolNotFoundException.For("poetry").Message);
    }

    [Fact]
    public async Task A_failing_command_reports_its_exit_code_and_last_lines_with_secrets_masked()
    {
        using var temp = new TemporaryDirectory();
        var python = TestEnvironment.RequireProgram("python3");
        var command = new PlanCommand(python, ["-c", "import os,sys; print('token=' + os.environ['SECRET_TOKEN']); sys.exit(3)"], temp.Path)
        {
            Environment = new Dictionary<string, string> { ["SECRET_TOKEN"] = "hunter2-value" },
            SecretNames = new HashSet<string> { "SECRET_TOKEN" },
            Title = "failing step",
        };
        var plan = new BuildPlan(ToolKind.Pip, [], [command]);
        var log = new CapturingLogger();

        var error = await Assert.ThrowsAsync<BuildCommandFailedException>(() => new HostExecutor(log.Logger).ExecuteAsync(plan, Ct));

        Assert.Equal(3, error.ExitCode);
        Assert.Contains("'failing step' failed", error.Message);
        Assert.Contains("exited with code 3", error.Message);
        Assert.Contains("token=****", error.Message);
        Assert.DoesNotContain("hunter2-value", error.Message + log.Text);
        Assert.Contains(log.Lines, l => l.Contains("token=****", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plan_over_its_time_limit_is_stopped_with_its_child_processes_and_says_so()
    {
        ProcessTable.Require();
        using var temp = new TemporaryDirectory();
        var pidFile = temp.Combine("grandchild.pid");
        var plan = new BuildPlan(ToolKind.Pip, [], [
            new PlanCommand("/bin/sh", ["-c", "echo first step"], temp.Path) { Title = "quick step" },
            new PlanCommand("/bin/sh", ["-c", $"sleep 300 & echo $! > '{pidFile}'; echo waiting; wait"], temp.Path) { Title = "slow step" },
        ]) { TimeLimit = TimeSpan.FromSeconds(3) };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<LayerException>(() => new HostExecutor(new CapturingLogger().Logger).ExecuteAsync(plan, Ct));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.Contains("'slow step' did not finish within the build's time limit of 3 s", error.Message);
        Assert.Contains("waiting", error.Message);
        var grandchild = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.Empty(await ProcessTable.WaitUntilGoneAsync([grandchild], TimeSpan.FromSeconds(10)));
    }
}
