using LambdaLayers.Execution.Containers;
using LambdaLayers.FileSystem;
using LambdaLayers.Planning;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;
using Serilog;

namespace LambdaLayers.Tests.Execution.Containers;

/// <summary>The <c>docker run</c> command line: what it mounts, which user and network, and that it never carries a secret.</summary>
public sealed class ContainerRunArgumentsTests
{
    private const string Password = "hunter2-very-secret";

    [Fact]
    public void The_run_command_names_secrets_only_and_carries_platform_user_mounts_and_extra_arguments()
    {
        using var temp = new TemporaryDirectory();
        var settings = Settings(temp.Path) with
        {
            Architecture = LambdaArchitecture.Arm64,
            ContainerCacheDirectory = temp.Combine("cache"),
            DockerArguments = ["--memory", "2g"],
            Index = new PackageIndex("private", new Uri("https://pypi.example.com/simple/"), "reader", Password),
        };
        var plan = ContainerPlan(settings, new PlanCommand("python3", ["-m", "pip", "install"], "/var/task/build/lambda/layer/repo")
        {
            Environment = new Dictionary<string, string> { ["PIP_INDEX_URL"] = $"https://reader:{Password}@pypi.example.com/simple/" },
            SecretNames = new HashSet<string> { "PIP_INDEX_URL" },
        });
        var script = ContainerScriptRenderer.Render(plan, new ContainerScriptContext());
        var executor = new ContainerExecutor(new LoggerConfiguration().CreateLogger(), new ContainerExecutorOptions { User = "2345:2346" });

        var arguments = executor.RunArguments(plan, "lambda-layers-abc", "2345:2346", script, "/var/task/build/lambda/.scratch/x.sh");

        Assert.DoesNotContain(arguments, a => a.Contains(Password) || a.Contains(Uri.EscapeDataString(Password)));
        Assert.DoesNotContain(arguments, a => a.Contains(ContainerScriptRenderer.SecretVariablePrefix)); // secrets go to stdin, not --env
        Assert.Equal(["run", "--rm", "--name", "lambda-layers-abc", "--platform", "linux/arm64"], arguments.Take(6));
        AssertPair(arguments, "--mount", $"type=bind,source={temp.Path},target=/var/task");
        AssertPair(arguments, "--mount", $"type=bind,source={temp.Combine("cache")},target=/tmp/cache");
        AssertPair(arguments, "--user", "2345:2346");
        AssertPair(arguments, "--env", "HOME=/tmp");
        Assert.Contains("--interactive", arguments); // the script reads its secret from standard input
        Assert.Equal($"https://reader:{Password}@pypi.example.com/simple/\n", script.StandardInput);
        Assert.DoesNotContain("--network", arguments); // the index is not on loopback
        Assert.Equal(["--memory", "2g", settings.EffectiveImage, "sh", "/var/task/build/lambda/.scratch/x.sh"], arguments.TakeLast(5));
        Assert.Equal("public.ecr.aws/sam/build-python3.11:latest-arm64", settings.EffectiveImage);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/simple/", "host")]
    [InlineData("http://user:pw@localhost/simple/", "host")]
    [InlineData("http://[::1]:9000/simple/", "host")]
    [InlineData("https://pypi.example.com/simple/", null)]
    [InlineData("https://127.0.0.1.example.com/simple/", null)]
    public void Host_network_is_chosen_only_for_a_loopback_index(string indexUrl, string? expected)
    {
        using var temp = new TemporaryDirectory();
        var settings = Settings(temp.Path) with { Index = new PackageIndex("idx", new Uri(indexUrl), null, null) };
        var executor = new ContainerExecutor(new LoggerConfiguration().CreateLogger());
        Assert.Equal(expected, executor.ChooseNetwork(ContainerPlan(settings)));
    }

    [Fact]
    public void A_loopback_url_in_the_plan_also_selects_host_network_and_explicit_choices_win()
    {
        using var temp = new TemporaryDirectory();
        var command = new PlanCommand("python3", ["-m", "pip", "install", "--index-url", "http://127.0.0.1:3141/simple/"], "/var/task");
        var plan = ContainerPlan(Settings(temp.Path), command);
        var log = new LoggerConfiguration().CreateLogger();

        Assert.Equal("host", new ContainerExecutor(log).ChooseNetwork(plan));
        Assert.Equal("bridge", new ContainerExecutor(log, new ContainerExecutorOptions { Network = "bridge" }).ChooseNetwork(plan));
        Assert.Null(new ContainerExecutor(log).ChooseNetwork(ContainerPlan(Settings(temp.Path) with { DockerArguments = ["--network=none"] }, command)));
        Assert.Null(new ContainerExecutor(log).ChooseNetwork(ContainerPlan(Settings(temp.Path) with { DockerArguments = ["--network none"] }, command)));
    }

    [Fact]
    public void Emulation_handlers_are_found_by_name_or_by_elf_machine_and_must_be_enabled()
    {
        using var temp = new TemporaryDirectory();
        const string aarch64Magic = "magic 7f454c460201010000000000000000000200b700";
        File.WriteAllText(temp.Combine("register"), "");
        File.WriteAllText(temp.Combine("status"), "enabled");
        Assert.Null(ContainerEmulation.FindHandler(temp.Path, "arm64"));

        File.WriteAllText(temp.Combine("qemu-aarch64"), $"disabled\ninterpreter /usr/bin/qemu-aarch64-static\nflags: F\noffset 0\n{aarch64Magic}\n");
        Assert.Null(ContainerEmulation.FindHandler(temp.Path, "arm64"));

        File.WriteAllText(temp.Combine("arm-handler"), $"enabled\ninterpreter /usr/bin/qemu-static\nflags: F\noffset 0\n{aarch64Magic}\n");
        Assert.Equal(temp.Combine("arm-handler"), ContainerEmulation.FindHandler(temp.Path, "arm64"));
        Assert.Null(ContainerEmulation.FindHandler(temp.Path, "x86_64"));
        Assert.Null(ContainerEmulation.FindHandler(temp.Combine("missing"), "arm64"));
    }

    [Fact]
    public void Docker_arguments_are_split_like_a_shell_would_with_quotes_respected()
    {
        using var temp = new TemporaryDirectory();
        var settings = Settings(temp.Path) with
        {
            DockerArguments = ["--network host", "--label 'team=data eng' --env \"GREETING=hello \\\"you\\\"\"", "--memory", "2g", "--label=a\\ b"],
        };
        var plan = ContainerPlan(settings);
        var script = ContainerScriptRenderer.Render(plan, new ContainerScriptContext());

        var arguments = new ContainerExecutor(new LoggerConfiguration().CreateLogger()).RunArguments(plan, "lambda-layers-abc", null, script, "/var/task/x.sh");

        Assert.Equal(["--network", "host", "--label", "team=data eng", "--env", "GREETING=hello \"you\"", "--memory", "2g", "--label=a b"],
            plan.Container!.DockerArguments);
        Assert.Equal([.. plan.Container.DockerArguments, settings.EffectiveImage, "sh", "/var/task/x.sh"], arguments.TakeLast(12));
        Assert.Single(arguments, "--network"); // the user's network, not a second one of ours
    }

    [Theory]
    [InlineData("plain words", new[] { "plain", "words" })]
    [InlineData("  spaced\tout\n ", new[] { "spaced", "out" })]
    [InlineData("'single $HOME \\ kept'", new[] { "single $HOME \\ kept" })]
    [InlineData("\"double \\$HOME \\\\ \\x\"", new[] { "double $HOME \\ \\x" })]
    [InlineData("a''b \"\" ''", new[] { "ab", "", "" })]
    [InlineData("con'cat'\"en\"ated", new[] { "concatenated" })]
    [InlineData("back\\ slash", new[] { "back slash" })]
    [InlineData("$HOME * ~ ;", new[] { "$HOME", "*", "~", ";" })]
    [InlineData("", new string[0])]
    public void Shell_words_follow_posix_quoting(string text, string[] expected) =>
        Assert.Equal(expected, ShellWords.Split(text));

    [Theory]
    [InlineData("--label 'open", "single quote at position 9 is not closed")]
    [InlineData("--label \"open", "double quote at position 9 is not closed")]
    [InlineData("--label x\\", "lone backslash")]
    public void Docker_arguments_a_shell_could_not_split_are_refused_by_name(string value, string reason)
    {
        using var temp = new TemporaryDirectory();
        var error = Assert.Throws<BuildInputException>(() => ContainerRun.For(Settings(temp.Path) with { DockerArguments = [value] }));
        Assert.Equal("docker-args", error.Input);
        Assert.Contains($"--docker-args value '{value}'", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Path_dependencies_outside_the_project_are_mounted_read_only_and_those_inside_ride_with_the_project()
    {
        using var temp = new TemporaryDirectory();
        var project = temp.Combine("app");
        Directory.CreateDirectory(Path.Combine(project, "wheels"));
        Directory.CreateDirectory(temp.Combine("mylib"));
        Directory.CreateDirectory(temp.Combine("outside"));
        File.WriteAllText(Path.Combine(project, "pyproject.toml"), "[project]\nname = \"app\"\nversion = \"1\"\n");
        File.WriteAllText(temp.Combine("mylib", "setup.py"), "from setuptools import setup\nsetup(name=\"mylib\")\n");
        File.WriteAllText(Path.Combine(project, "wheels", "inside-1.0-py3-none-any.whl"), "");
        File.WriteAllText(temp.Combine("outside", "other-1.0-py3-none-any.whl"), "");
        File.WriteAllText(Path.Combine(project, "requirements.txt"),
            "mylib @ file:../mylib\n./wheels/inside-1.0-py3-none-any.whl\n../outside/other-1.0-py3-none-any.whl\n");
        var settings = Settings(project);
        var plan = new PipStrategy().CreatePlan(settings, ExecutionEnvironment.ForContainer(settings));
        var executor = new ContainerExecutor(new LoggerConfiguration().CreateLogger());

        var arguments = executor.RunArguments(plan, "lambda-layers-abc", null, ContainerScriptRenderer.Render(plan, new ContainerScriptContext()), "/tmp/x.sh");

        var mounts = arguments.Select((a, i) => (a, i)).Where(p => p.a == "--mount").Select(p => arguments[p.i + 1]).ToList();
        Assert.Equal(
        [
            $"type=bind,source={project},target=/var/task",
            $"type=bind,source={RealPath.Resolve(temp.Combine("mylib"))},target=/mnt/path-dependencies/1,readonly",
            $"type=bind,source={RealPath.Resolve(temp.Combine("outside", "other-1.0-py3-none-any.whl"))},target=/mnt/path-dependencies/2/other-1.0-py3-none-any.whl,readonly",
        ], mounts.Where(m => !m.Contains("target=/tmp/cache", StringComparison.Ordinal)));
    }

    /// <summary>A hand-made plan with the container part (and index) the strategies would give it for <paramref name="settings"/>.</summary>
    internal static BuildPlan ContainerPlan(LayerSettings settings, params PlanCommand[] commands) =>
        ContainerScriptRendererTests.Plan(commands) with { Container = ContainerRun.For(settings), Index = settings.Index };

    private static void AssertPair(IReadOnlyList<string> arguments, string option, string value) =>
        Assert.Contains(arguments.Select((a, i) => (a, i)), p => p.a == option && p.i + 1 < arguments.Count && arguments[p.i + 1] == value);

    internal static LayerSettings Settings(string project) => new()
    {
        ProjectDirectory = project,
        PyProjectPath = Path.Combine(project, "pyproject.toml"),
        Tool = ToolKind.Pip,
        Runtime = LambdaRuntimes.Find("python3.11")!,
        Mode = BuildMode.Container,
    };
}
