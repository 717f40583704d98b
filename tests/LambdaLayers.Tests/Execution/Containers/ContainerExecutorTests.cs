using System.Diagnostics;
using LambdaLayers.Execution;
using LambdaLayers.Execution.Containers;
using LambdaLayers.Pipeline;
using LambdaLayers.Planning;
using LambdaLayers.Packaging;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;
using static LambdaLayers.Tests.Execution.Containers.DockerTestSupport;

namespace LambdaLayers.Tests.Execution.Containers;

/// <summary>
/// Container builds on a real Docker engine (scripts/setup/service-docker.sh), against the tests' PEP 503
/// index on 127.0.0.1 behind basic auth. All in one class so they run one after another and the
/// "no container left" checks see only their own containers.
/// </summary>
public sealed class ContainerExecutorTests
{
    private const string Username = "reader";
    private const string Password = "c0ntainer-s3cret-pw";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pip_build_in_the_container_installs_what_the_host_build_installs_and_leaves_nothing_behind()
    {
        RequireDocker();
        using var temp = new TemporaryDirectory("ll-container");
        await using var index = await PackageIndexServer.StartAsync(TestWheels.WriteAll(temp.Combine("wheels")), Username, Password);
        var project = PipProject(temp.Combine("project"));
        var log = new CapturingLogger();
        await new ContainerExecutor(log.Logger).CheckAsync(ContainerPlan(Settings(project, ToolKind.Pip, index)), Ct); // the preflight passes here

        var (host, container) = await BuildOnHostThenInContainerAsync(Settings(project, ToolKind.Pip, index), log, new ContainerExecutorOptions());

        Assert.Equal(["fastcalc-1.0.dist-info", "leafdep-2.0.dist-info", "tinyutil-1.0.dist-info"], host);
        Assert.Equal(host, container);
        AssertOwnedBy(UnixUsers.CurrentUser(), Path.Combine(project, "build", "lambda", "layer", "artifacts", "python"));
        Assert.Empty(ExecutorContainers());
        Assert.DoesNotContain(Password, log.Text);
        Assert.Contains(log.Lines, l => l.Contains(", network host")); // the loopback index needs the host's network
        Assert.Contains(log.Lines, l => l.StartsWith("[container] lambda-layers: step 1/1: pip install into artifacts/python"));
        Assert.False(Directory.Exists(Path.Combine(project, "build", "lambda", ".scratch")), "the script is deleted afterwards");
        Assert.Empty(FilesContaining(project, Password));
    }

    [Fact]
    public async Task A_poetry_build_in_the_container_installs_what_the_host_build_installs()
    {
        RequireDocker();
        TestEnvironment.RequireProgram("poetry");
        using var temp = new TemporaryDirectory("ll-container");
        await using var index = await PackageIndexServer.StartAsync(TestWheels.WriteAll(temp.Combine("wheels")), Username, Password);
        var project = await PoetryProjectAsync(temp.Combine("project"), index, temp.Combine("poetry-home"));
        var log = new CapturingLogger();

        var (host, container) = await BuildOnHostThenInContainerAsync(Settings(project, ToolKind.Poetry, index), log, new ContainerExecutorOptions());

        Assert.Contains("tinyutil-1.0.dist-info", host);
        Assert.Contains("leafdep-2.0.dist-info", host);
        Assert.Equal(host, container);
        Assert.Contains(log.Lines, l => l.Contains("lambda-layers: using poetry from the image"));
        Assert.DoesNotContain(Password, log.Text);
        Assert.Empty(ExecutorContainers());
    }

    [Fact]
    public async Task Files_belong_to_the_owner_of_the_project_when_the_build_runs_as_root()
    {
        RequireDocker();
        TestEnvironment.Require(UnixUsers.IsRoot, "Running the tests as root (to own a project by another uid)");
        using var temp = new TemporaryDirectory("ll-container");
        await using var index = await PackageIndexServer.StartAsync(TestWheels.WriteAll(temp.Combine("wheels")), Username, Password);
        var project = PipProject(temp.Combine("project"));
        UnixUsers.ChangeOwnerRecursively(project, 1234, 1234);
        var settings = Settings(project, ToolKind.Pip, index) with { ContainerCacheDirectory = temp.Combine("cache") };
        var log = new CapturingLogger();

        await new BuildLayerStage(log.Logger, s => new ContainerExecutor(log.Logger)).RunAsync(settings, Ct);

        var artifacts = Path.Combine(project, "build", "lambda", "layer", "artifacts", "python");
        Assert.Equal(["fastcalc-1.0.dist-info", "leafdep-2.0.dist-info", "tinyutil-1.0.dist-info"], Distributions(artifacts));
        AssertOwnedBy("1234:1234", artifacts);
        AssertOwnedBy("1234:1234", temp.Combine("cache"));
        Assert.Contains(log.Lines, l => l.Contains("user 1234:1234"));
        Assert.Empty(ExecutorContainers());
    }

    [Fact]
    public async Task The_cache_folder_is_mounted_and_named_to_the_tools_even_when_the_plan_clears_pip_variables()
    {
        RequireDocker();
        using var temp = new TemporaryDirectory("ll-container");
        var settings = Settings(PipProject(temp.Combine("project")), ToolKind.Pip, index: null) with { ContainerCacheDirectory = temp.Combine("cache") };
        var plan = ContainerScriptRendererTests.Plan(new PlanCommand("sh",
            ["-c", "echo \"pip=$PIP_CACHE_DIR uv=$UV_CACHE_DIR\"; mkdir -p \"$PIP_CACHE_DIR\"; echo cached > \"$PIP_CACHE_DIR/marker\""], "/var/task")
        {
            ClearedEnvironmentPrefixes = ["PIP_", "UV_"],
        });
        var log = new CapturingLogger();

        await new ContainerExecutor(log.Logger).ExecuteAsync(ContainerPlan(settings, plan), Ct);

        Assert.Contains("[container] pip=/tmp/cache/pip uv=/tmp/cache/uv", log.Lines);
        Assert.Equal("cached\n", File.ReadAllText(temp.Combine("cache", "pip", "marker")));
        Assert.Empty(ExecutorContainers());
    }

    [Fact]
    public async Task Credentials_never_appear_in_docker_inspect_any_argv_the_script_the_output_or_a_file_left_behind()
    {
        RequireDocker();
        using var temp = new TemporaryDirectory("ll-container");
        var project = PipProject(temp.Combine("project"));
        var settings = Settings(project, ToolKind.Pip, index: null) with
        {
            ContainerCacheDirectory = temp.Combine("cache"),
            // One value, split like a shell would: two arguments, the quoted part kept whole.
            DockerArguments = ["--label 'lambda-layers.test=split like a shell'", $"--label {RunLabel}"],
        };
        var layout = settings.Layout;
        layout.CleanBuildDirectory();
        var secretUrl = $"https://{Username}:{Password}@pypi.example.com/simple/";
        var plan = ContainerScriptRendererTests.Plan(new PlanCommand("python3",
            ["-c", "import os, sys, time; v = os.environ['PIP_INDEX_URL']; print('secret length', len(v)); print('echo', v); " +
                   "print('carriers', sorted(k for k in os.environ if k.startswith('LAMBDA_LAYERS_SECRET'))); sys.stdout.flush(); time.sleep(6)"],
            "/var/task")
        {
            Environment = new Dictionary<string, string> { ["PIP_INDEX_URL"] = secretUrl },
            SecretNames = new HashSet<string> { "PIP_INDEX_URL" },
            ClearedEnvironmentPrefixes = ["PIP_"],
        });
        var log = new CapturingLogger();

        var build = new ContainerExecutor(log.Logger).ExecuteAsync(ContainerPlan(settings, plan), Ct);
        var (inspect, argvWithSecret, scriptText) = await ObserveRunningContainerAsync(layout.ScratchDirectory, build);
        await build;

        Assert.NotNull(inspect);
        Assert.DoesNotContain(Password, inspect); // Config.Env, Cmd, Args, labels: nothing anywhere in the container's record
        Assert.DoesNotContain(Uri.EscapeDataString(Password), inspect);
        using var json = System.Text.Json.JsonDocument.Parse(inspect);
        var container = json.RootElement[0];
        var visibleArgv = container.GetProperty("Path").ToString() + container.GetProperty("Args") + container.GetProperty("Config").GetProperty("Cmd");
        Assert.Contains("sh", visibleArgv);
        var env = container.GetProperty("Config").GetProperty("Env").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.DoesNotContain(env, e => e.StartsWith(ContainerScriptRenderer.SecretVariablePrefix, StringComparison.Ordinal));
        Assert.True(container.GetProperty("Config").GetProperty("OpenStdin").GetBoolean(), "the secrets go in on standard input");
        Assert.Equal("split like a shell", container.GetProperty("Config").GetProperty("Labels").GetProperty("lambda-layers.test").GetString());
        Assert.Empty(argvWithSecret);
        Assert.NotNull(scriptText);
        Assert.DoesNotContain(Password, scriptText);
        Assert.Contains($"secret length {secretUrl.Length}", log.Text); // it did arrive
        Assert.Contains("[container] echo ****", log.Lines); // the whole URL is the secret value
        Assert.Contains("[container] carriers []", log.Lines); // the tool sees the secret under its own name only
        Assert.DoesNotContain(Password, log.Text);
        Assert.Empty(FilesContaining(temp.Path, Password));
        Assert.Empty(ExecutorContainers());
    }

    [Fact]
    public async Task A_failing_script_reports_its_step_exit_code_and_last_lines_and_leaves_no_container()
    {
        RequireDocker();
        using var temp = new TemporaryDirectory("ll-container");
        var settings = Settings(PipProject(temp.Combine("project")), ToolKind.Pip, index: null);
        var plan = ContainerScriptRendererTests.Plan(
            new PlanCommand("sh", ["-c", "echo first line; echo boom >&2; exit 3"], "/var/task") { Title = "the step that fails" });

        var error = await Assert.ThrowsAsync<ContainerScriptFailedException>(() => new ContainerExecutor(new CapturingLogger().Logger).ExecuteAsync(ContainerPlan(settings, plan), Ct));

        Assert.Equal(3, error.ExitCode);
        Assert.Equal("1/1: the step that fails", error.FailedStep);
        Assert.Contains("boom", error.LastLines);
        Assert.Contains("exit code 3", error.Message);
        Assert.Contains("boom", error.Message);
        Assert.Empty(ExecutorContainers());
    }

    [Fact]
    public async Task Wrong_credentials_in_the_container_say_authentication_failed_as_on_the_host()
    {
        RequireDocker();
        using var temp = new TemporaryDirectory("ll-container");
        await using var index = await PackageIndexServer.StartAsync(TestWheels.WriteAll(temp.Combine("wheels")), Username, Password);
        const string wrongPassword = "not-the-right-pw";
        var settings = Settings(PipProject(temp.Combine("project")), ToolKind.Pip, index) with
        {
            Index = new PackageIndex("testindex", index.Url, Username, wrongPassword),
        };
        var log = new CapturingLogger();

        var error = await Assert.ThrowsAsync<BuildCommandFailedException>(() =>
            new BuildLayerStage(log.Logger, s => new ContainerExecutor(log.Logger)).RunAsync(settings, Ct));

        Assert.Equal(BuildFailureKind.IndexAuthentication, error.Kind);
        Assert.Contains("Authentication failed for index 'testindex'", error.Message);
        Assert.DoesNotContain(wrongPassword, error.Message);
        Assert.DoesNotContain(wrongPassword, log.Text);
        Assert.Empty(ExecutorContainers());
    }

    [Fact]
    public async Task Cancelling_a_build_removes_its_container()
    {
        RequireDocker();
        using var temp = new TemporaryDirectory("ll-container");
        var settings = Settings(PipProject(temp.Combine("project")), ToolKind.Pip, index: null);
        var plan = ContainerScriptRendererTests.Plan(new PlanCommand("sleep", ["120"], "/var/task"));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var build = new ContainerExecutor(new CapturingLogger().Logger).ExecuteAsync(ContainerPlan(settings, plan), cancel.Token);
        var stopwatch = Stopwatch.StartNew();
        while (ExecutorContainers().Count == 0 && stopwatch.Elapsed < TimeSpan.FromSeconds(60) && !build.IsCompleted)
        {
            await Task.Delay(200, Ct);
        }
        Assert.NotEmpty(ExecutorContainers());
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => build);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(100), "the build stopped well before the sleep ended");
        Assert.Empty(ExecutorContainers());
    }

    [Fact]
    public async Task A_container_build_over_the_plan_time_limit_is_stopped_and_its_container_removed()
    {
        RequireDocker();
        using var temp = new TemporaryDirectory("ll-container");
        var settings = Settings(PipProject(temp.Combine("project")), ToolKind.Pip, index: null);
        var plan = ContainerScriptRendererTests.Plan(new PlanCommand("sleep", ["120"], "/var/task") { Title = "endless step" }) with
        {
            TimeLimit = TimeSpan.FromSeconds(8),
        };
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<LayerException>(() => new ContainerExecutor(new CapturingLogger().Logger).ExecuteAsync(ContainerPlan(settings, plan), Ct));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(100), "stopped well before the sleep ended");
        Assert.Contains("did not finish within the build's time limit of 8 s", error.Message);
        Assert.Contains("during step 1/1: endless step", error.Message);
        Assert.Empty(ExecutorContainers());
    }

    [Fact]
    public async Task Missing_docker_cli_is_a_clear_error()
    {
        using var temp = new TemporaryDirectory("ll-container");
        var options = new ContainerExecutorOptions { DockerEnvironment = new Dictionary<string, string?> { ["PATH"] = temp.Combine("empty-bin") } };
        var error = await Assert.ThrowsAsync<DockerNotFoundException>(() =>
            new ContainerExecutor(new CapturingLogger().Logger, options).ExecuteAsync(ContainerPlan(Settings(PipProject(temp.Combine("p")), ToolKind.Pip, null)), Ct));
        Assert.Contains("'docker'", error.Message);
        Assert.Contains("--mode cross-platform", error.Message);
    }

    [Fact]
    public async Task An_unreachable_daemon_is_a_clear_error()
    {
        TestEnvironment.RequireProgram("docker");
        using var temp = new TemporaryDirectory("ll-container");
        var socket = $"unix://{temp.Combine("no-daemon.sock")}";
        var options = new ContainerExecutorOptions { DockerEnvironment = new Dictionary<string, string?> { ["DOCKER_HOST"] = socket, ["DOCKER_CONTEXT"] = null } };
        var error = await Assert.ThrowsAsync<DockerDaemonUnreachableException>(() =>
            new ContainerExecutor(new CapturingLogger().Logger, options).ExecuteAsync(ContainerPlan(Settings(PipProject(temp.Combine("p")), ToolKind.Pip, null)), Ct));
        Assert.Contains(socket, error.Message);
        Assert.Contains("--mode cross-platform", error.Message);
        Assert.Contains("Cannot connect", error.Message); // docker's own words are quoted
        await Assert.ThrowsAsync<DockerDaemonUnreachableException>(() =>
            new ContainerExecutor(new CapturingLogger().Logger, options).CheckAsync(ContainerPlan(Settings(PipProject(temp.Combine("p")), ToolKind.Pip, null)), Ct));
    }

    [Fact]
    public async Task An_absent_image_that_cannot_be_pulled_is_named_in_the_error()
    {
        RequireDocker();
        using var temp = new TemporaryDirectory("ll-container");
        const string image = "lambda-layers.invalid/no-such-image:never";
        var settings = Settings(PipProject(temp.Combine("p")), ToolKind.Pip, null) with { Image = image };
        var error = await Assert.ThrowsAsync<ContainerImageUnavailableException>(() =>
            new ContainerExecutor(new CapturingLogger().Logger).ExecuteAsync(ContainerPlan(settings), Ct));
        Assert.Equal(image, error.Image);
        Assert.Contains(image, error.Message);
        Assert.Contains("docker pull --platform linux/amd64", error.Message);
        Assert.Empty(ExecutorContainers());
    }

    [Fact]
    public async Task Arm64_on_an_x86_64_docker_host_needs_emulation()
    {
        RequireDocker();
        using var temp = new TemporaryDirectory("ll-container");
        var settings = Settings(PipProject(temp.Combine("p")), ToolKind.Pip, null) with { Architecture = LambdaArchitecture.Arm64 };
        var daemonArchitecture = Docker("info", "--format", "{{.Architecture}}").Output.Trim();
        TestEnvironment.Require(daemonArchitecture == "x86_64", "An x86_64 Docker host");

        // Without emulation (an empty binfmt_misc folder) the executor refuses before pulling anything.
        var options = new ContainerExecutorOptions { BinfmtDirectory = temp.Combine("binfmt_misc") };
        Directory.CreateDirectory(options.BinfmtDirectory);
        var error = await Assert.ThrowsAsync<ContainerPlatformUnsupportedException>(() =>
            new ContainerExecutor(new CapturingLogger().Logger, options).ExecuteAsync(ContainerPlan(settings), Ct));
        Assert.Contains("--architecture arm64", error.Message);
        Assert.Contains("binfmt", error.Message);
        Assert.Contains("--mode cross-platform", error.Message);

        // This machine's own kernel: whatever it has decides, and the answer must match what binfmt_misc says.
        var hasEmulation = ContainerEmulation.FindHandler("/proc/sys/fs/binfmt_misc", "arm64") is not null;
        var real = await Record.ExceptionAsync(() => new ContainerExecutor(new CapturingLogger().Logger).ExecuteAsync(ContainerPlan(settings), Ct));
        Assert.Equal(!hasEmulation, real is ContainerPlatformUnsupportedException);
    }

    [Fact]
    public async Task The_import_smoke_test_of_a_container_build_runs_in_the_build_image_and_loads_its_native_code()
    {
        RequireDocker();
        using var temp = new TemporaryDirectory("ll-container");
        var wheels = TestWheels.WriteAll(temp.Combine("wheels"));
        var python311 = PythonInterpreterLocator.FindExact(Settings(temp.Path, ToolKind.Pip, null));
        TestEnvironment.Require(python311 is not null, "Python 3.11 (python3.11 or a pyenv 3.11.x), whose headers build the extension");
        WheelBuilder.Write(wheels, new WheelSpec("ext311", "1.0", "cp311-cp311-manylinux2014_x86_64")
        {
            ExtraFiles = new Dictionary<string, string> { ["ext311/__init__.py"] = "from ._speed import answer\nassert answer() == 42\n" },
            BinaryFiles = new Dictionary<string, byte[]> { ["ext311/_speed.cpython-311-x86_64-linux-gnu.so"] = NativeObjects.PythonExtension(python311!, "_speed") },
        });
        await using var index = await PackageIndexServer.StartAsync(wheels, Username, Password);
        var project = PipProject(temp.Combine("project"));
        File.WriteAllText(Path.Combine(project, "requirements.txt"), "tinyutil==1.0\next311==1.0\n");
        var settings = Settings(project, ToolKind.Pip, index);
        var log = new CapturingLogger();
        await new BuildLayerStage(log.Logger, _ => new ContainerExecutor(log.Logger)).RunAsync(settings, Ct);

        var result = await new PackageLayerStage(log.Logger, _ => new ContainerExecutor(log.Logger)).RunAsync(settings, Ct);

        var smoke = result.Report!.SmokeTest!;
        Assert.True(smoke.Result == "passed", smoke.Summary + "\n" + log.Text);
        Assert.Equal($"python3 in {DefaultImage}", smoke.Interpreter);
        Assert.Equal(3, smoke.Modules); // ext311, leafdep, tinyutil
        Assert.Contains(log.Lines, l => l.StartsWith("[container] lambda-layers: step 1/1: import smoke test", StringComparison.Ordinal));
        Assert.True(File.Exists(settings.Layout.ZipPath));
        Assert.Empty(ExecutorContainers());
    }

    [Fact]
    public async Task A_module_that_fails_to_import_in_the_build_image_stops_packaging()
    {
        RequireDocker();
        using var temp = new TemporaryDirectory("ll-container");
        var wheels = TestWheels.WriteAll(temp.Combine("wheels"));
        WheelBuilder.Write(wheels, new WheelSpec("needsvar", "2.0")
        {
            ExtraFiles = new Dictionary<string, string> { ["needsvar/__init__.py"] = "import os\nHOME = os.environ['NEEDSVAR_HOME']\n" },
        });
        await using var index = await PackageIndexServer.StartAsync(wheels, Username, Password);
        var project = PipProject(temp.Combine("project"));
        File.WriteAllText(Path.Combine(project, "requirements.txt"), "needsvar==2.0\n");
        var settings = Settings(project, ToolKind.Pip, index);
        var log = new CapturingLogger();
        await new BuildLayerStage(log.Logger, _ => new ContainerExecutor(log.Logger)).RunAsync(settings, Ct);

        var error = await Assert.ThrowsAsync<LambdaLayers.Checks.SmokeTestFailedException>(() =>
            new PackageLayerStage(log.Logger, _ => new ContainerExecutor(log.Logger)).RunAsync(settings, Ct));

        Assert.Contains($"The import smoke test failed with python3 in {DefaultImage}", error.Message);
        Assert.Contains("needsvar 2.0: import needsvar failed: KeyError: 'NEEDSVAR_HOME'", error.Message);
        Assert.False(File.Exists(settings.Layout.ZipPath));
        Assert.Empty(ExecutorContainers());
        Assert.DoesNotContain(Password, log.Text);
    }

    private static async Task<(IReadOnlyList<string> Host, IReadOnlyList<string> Container)> BuildOnHostThenInContainerAsync(
        LayerSettings settings, CapturingLogger log, ContainerExecutorOptions options)
    {
        var artifacts = settings.Layout.PythonDirectory;
        await new BuildLayerStage(log.Logger).RunAsync(settings with { Mode = BuildMode.Local }, Ct);
        var host = Distributions(artifacts);
        await new BuildLayerStage(log.Logger, s => new ContainerExecutor(log.Logger, options)).RunAsync(settings, Ct);
        return (host, Distributions(artifacts));
    }

    // Polls while the build runs: the container's inspect JSON, every process whose argv holds the
    // password (this machine's /proc), and the script file as written.
    private static async Task<(string? Inspect, IReadOnlyList<string> ArgvWithSecret, string? Script)> ObserveRunningContainerAsync(string scratch, Task build)
    {
        string? inspect = null, script = null;
        var argvWithSecret = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        while (!build.IsCompleted && stopwatch.Elapsed < TimeSpan.FromSeconds(90))
        {
            script ??= Directory.Exists(scratch) ? Directory.EnumerateFiles(scratch, "*.sh").Select(File.ReadAllText).FirstOrDefault() : null;
            foreach (var cmdline in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "cmdline")))
            {
                try
                {
                    var argv = File.ReadAllText(cmdline).Replace('\0', ' ');
                    if (argv.Contains(Password))
                    {
                        argvWithSecret.Add(argv);
                    }
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            var names = ExecutorContainers();
            if (names.Count > 0 && inspect is null)
            {
                var result = Docker("inspect", names[0]);
                if (result.ExitCode == 0 && result.Output.Contains("\"Running\": true"))
                {
                    inspect = result.Output;
                }
            }
            await Task.Delay(100, Ct);
        }
        return (inspect, argvWithSecret, script);
    }

    // Every file under root (build/, the scratch folder, the cache) whose bytes contain the text.
    private static List<string> FilesContaining(string root, string text)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(root, "*", options)
            .Where(f => new FileInfo(f).LinkTarget is null && File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0)
            .ToList();
    }

    private static void AssertOwnedBy(string user, string directory)
    {
        Assert.Equal(user, UnixUsers.OwnerOf(directory));
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Take(50))
        {
            Assert.Equal(user, UnixUsers.OwnerOf(entry));
        }
    }

    // A hand-made plan gets the container part and index the strategies would give it.
    private static BuildPlan ContainerPlan(LayerSettings settings, BuildPlan? plan = null) =>
        (plan ?? ContainerScriptRendererTests.Plan()) with { Container = ContainerRun.For(settings), Index = settings.Index };

    private static LayerSettings Settings(string project, ToolKind tool, PackageIndexServer? index) => new()
    {
        ProjectDirectory = project,
        PyProjectPath = Path.Combine(project, "pyproject.toml"),
        Tool = tool,
        Runtime = LambdaRuntimes.Find("python3.11")!,
        Mode = BuildMode.Container,
        Index = index is null ? null : new PackageIndex("testindex", index.Url, Username, Password),
        DockerArguments = [$"--label {RunLabel}"],
    };

    private static string PipProject(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "pyproject.toml"), "[project]\nname = \"demo\"\nversion = \"0.1.0\"\n");
        File.WriteAllText(Path.Combine(directory, "requirements.txt"), "tinyutil==1.0\nfastcalc==1.0\n");
        return directory;
    }

    /// <summary>A Poetry project locked for real by the host's Poetry against the index.</summary>
    private static async Task<string> PoetryProjectAsync(string directory, PackageIndexServer index, string poetryHome)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "pyproject.toml"), $"""
            [tool.poetry]
            name = "demo"
            version = "0.1.0"
            description = ""
            authors = ["Test <test@example.com>"]

            [tool.poetry.dependencies]
            python = "^3.11"
            tinyutil = "1.0"

            [[tool.poetry.source]]
            name = "testindex"
            url = "{index.Url}"
            default = true

            [build-system]
            requires = ["poetry-core"]
            build-backend = "poetry.core.masonry.api"
            """, Ct);
        var (exitCode, output) = ToolProcess.Run("poetry", ["lock", "--no-update", "--no-interaction"], directory, new Dictionary<string, string?>
        {
            ["POETRY_CONFIG_DIR"] = Path.Combine(poetryHome, "config"),
            ["POETRY_CACHE_DIR"] = Path.Combine(poetryHome, "cache"),
            ["POETRY_HTTP_BASIC_TESTINDEX_USERNAME"] = Username,
            ["POETRY_HTTP_BASIC_TESTINDEX_PASSWORD"] = Password,
            ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring",
        });
        Assert.True(exitCode == 0, $"poetry lock failed: {output}");
        return directory;
    }
}
