using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LambdaLayers.Planning;
using Serilog;

namespace LambdaLayers.Execution.Containers;

/// <summary>
/// Runs a build plan inside the runtime's build image through the <c>docker</c> CLI: the plan (made for
/// <see cref="ExecutionEnvironment.ForContainer"/>, whose <see cref="BuildPlan.Container"/> part names the
/// image, platform, mounts and extra docker arguments) becomes one sh script under the layout's scratch
/// folder, the project is bind-mounted at <c>/var/task</c>, and the container runs as the files' owner so
/// everything it writes into <c>build/</c> belongs to them. Secrets travel only on the script's standard
/// input (<c>docker run --interactive</c>): not in argv, not in the container's <c>--env</c> (which
/// <c>docker inspect</c> shows), not in the script file. Whatever happens — failure, Ctrl-C, the time
/// limit — no container is left behind.
/// </summary>
public sealed partial class ContainerExecutor : IPlanExecutor
{
    /// <summary>Where the project folder is mounted inside the container.</summary>
    public const string ProjectMount = ExecutionEnvironment.ContainerProjectDirectory;

    /// <summary>The HOME of the container user (which has no home of its own in the image).</summary>
    public const string ContainerHome = "/tmp";

    /// <summary>Where <see cref="ContainerRun.CacheDirectory"/> is mounted.</summary>
    public const string CacheMount = "/tmp/cache";

    /// <summary>Every container this executor starts is named with this prefix and a random suffix.</summary>
    public const string ContainerNamePrefix = "lambda-layers-";

    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(60);

    private readonly ILogger _log;
    private readonly ContainerExecutorOptions _options;

    // The container part CheckAsync last passed and the CLI it found: BuildLayerStage checks right before it
    // executes, and the daemon and image queries need not run twice for the same plan.
    private (ContainerRun Container, DockerCli Docker)? _checked;

    public ContainerExecutor(ILogger log, ContainerExecutorOptions? options = null)
    {
        _log = log;
        _options = options ?? new ContainerExecutorOptions();
    }

    public async Task ExecuteAsync(BuildPlan plan, CancellationToken cancellationToken)
    {
        var container = ContainerOf(plan);
        var layout = container.Layout;

        var docker = _checked is { } done && ReferenceEquals(done.Container, container)
            ? done.Docker
            : await PreflightAsync(container, cancellationToken);

        var user = ResolveUser(layout.ProjectDirectory);
        var tools = await ResolveToolVersionsAsync(plan, cancellationToken);
        var script = ContainerScriptRenderer.Render(plan, new ContainerScriptContext
        {
            Tools = tools,
            CommonEnvironment = CommonEnvironment(container),
            Image = container.Image,
        });

        foreach (var file in plan.Files)
        {
            file.Copy();
        }
        Directory.CreateDirectory(layout.BuildDirectory);
        Directory.CreateDirectory(layout.ScratchDirectory);
        if (container.CacheDirectory is not null)
        {
            Directory.CreateDirectory(container.CacheDirectory);
        }
        HandOverToContainerUser(user, layout.BuildDirectory, layout.ScratchDirectory, container.CacheDirectory);

        var name = ContainerNamePrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var scriptPath = Path.Combine(layout.ScratchDirectory, name + ".sh");
        await File.WriteAllTextAsync(scriptPath, script.Text, cancellationToken);
        var masker = SecretMasker.For(plan);
        try
        {
            var arguments = RunArguments(plan, name, user, script, ToContainerPath(layout.ProjectDirectory, scriptPath));
            _log.Information("Running the {Tool} plan in {Image} ({Platform}) as container {Container}, user {User}, network {Network}",
                plan.Tool, container.Image, container.Platform, name, user ?? "(image default)", ChooseNetwork(plan) ?? "default");
            await RunScriptAsync(docker, arguments, plan, script, name, masker, cancellationToken);
        }
        finally
        {
            File.Delete(scriptPath);
            RemoveWhenEmpty(layout.ScratchDirectory);
            // Shared with the other entries of a matrix, which may be creating their folder in it right now.
            RemoveWhenEmpty(layout.ScratchRoot);
        }
    }

    private static void RemoveWhenEmpty(string directory)
    {
        try
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory);
            }
        }
        catch (IOException)
        {
            // Not empty any more (another build wrote into it meanwhile), or already gone: either way not ours to remove.
        }
    }

    /// <summary>
    /// Checks everything a container build needs before anything is touched: the docker CLI, a daemon
    /// that answers, emulation for a foreign architecture, the image (pulled when absent). Throws the
    /// matching <see cref="LayerException"/>. A stage calls it before wiping the build folder so a missing
    /// daemon leaves the last build intact; <see cref="ExecuteAsync"/> runs it unless it just passed for
    /// the same plan.
    /// </summary>
    public async Task CheckAsync(BuildPlan plan, CancellationToken cancellationToken)
    {
        var container = ContainerOf(plan);
        _checked = (container, await PreflightAsync(container, cancellationToken));
    }

    private static ContainerRun ContainerOf(BuildPlan plan) => plan.Container ?? throw new BuildInputException("mode",
        "The container executor was given a plan made for the host (it has no container part). Plan with ExecutionEnvironment.ForContainer, or run it with the host executor.");

    private async Task<DockerCli> PreflightAsync(ContainerRun container, CancellationToken cancellationToken)
    {
        var docker = DockerCli.Locate(_options.DockerCommand, _options.DockerEnvironment);
        await CheckDaemonAndPlatformAsync(docker, container, cancellationToken);
        await EnsureImageAsync(docker, container.Image, container.Platform, cancellationToken);
        return docker;
    }

    /// <summary>
    /// The <c>docker run</c> arguments. Contain no secret: the script reads its secrets from standard
    /// input, which <c>--interactive</c> connects.
    /// </summary>
    internal IReadOnlyList<string> RunArguments(BuildPlan plan, string name, string? user, ContainerScript script, string containerScriptPath)
    {
        var container = ContainerOf(plan);
        var arguments = new List<string>
        {
            "run", "--rm", "--name", name,
            "--platform", container.Platform,
            "--mount", BindMount(container.Layout.ProjectDirectory, ProjectMount),
            "--workdir", ProjectMount,
            "--env", $"HOME={ContainerHome}",
        };
        if (script.StandardInput is not null)
        {
            arguments.Add("--interactive");
        }
        if (user is not null)
        {
            arguments.AddRange(["--user", user]);
        }
        var network = ChooseNetwork(plan);
        if (network is not null)
        {
            arguments.AddRange(["--network", network]);
        }
        if (container.CacheDirectory is not null)
        {
            arguments.AddRange(["--mount", BindMount(container.CacheDirectory, CacheMount)]);
        }
        foreach (var mount in container.Mounts)
        {
            arguments.AddRange(["--mount", BindMount(mount.Source, mount.Target) + (mount.ReadOnly ? ",readonly" : "")]);
        }
        arguments.AddRange(container.DockerArguments);
        arguments.AddRange([container.Image, "sh", containerScriptPath]);
        return arguments;
    }

    /// <summary>The network for <c>docker run</c>, or null for Docker's default (see <see cref="ContainerExecutorOptions.Network"/>).</summary>
    internal string? ChooseNetwork(BuildPlan plan)
    {
        if (ContainerOf(plan).DockerArguments.Any(a => a is "--network" or "--net" || a.StartsWith("--network=", StringComparison.Ordinal) || a.StartsWith("--net=", StringComparison.Ordinal)))
        {
            return null;
        }
        if (_options.Network is not null)
        {
            return _options.Network;
        }
        var texts = plan.Commands.SelectMany(c => c.Arguments.Concat(c.Environment.Values));
        if (plan.Index is not null)
        {
            texts = texts.Append(plan.Index.Url.ToString());
        }
        return texts.Any(t => LoopbackUrl().IsMatch(t)) ? "host" : null;
    }

    private async Task CheckDaemonAndPlatformAsync(DockerCli docker, ContainerRun container, CancellationToken cancellationToken)
    {
        var info = await docker.CaptureAsync(
            ["info", "--format", "{{.ServerVersion}}|{{.OSType}}|{{.Architecture}}|{{.OperatingSystem}}"], QueryTimeout, cancellationToken);
        var fields = info.Output.FirstOrDefault()?.Split('|') ?? [];
        if (!info.Succeeded || fields.Length < 4 || fields[0].Length == 0)
        {
            throw new DockerDaemonUnreachableException(docker.DaemonDescription, info.Summary);
        }
        _log.Debug("Docker daemon {Version} ({OperatingSystem}, {Architecture})", fields[0], fields[3], fields[2]);

        var daemonArchitecture = ContainerEmulation.ToLambdaArchitecture(fields[2]);
        var target = container.Architecture.Name;
        if (daemonArchitecture == target)
        {
            return;
        }
        // Docker Desktop ships its own emulation in its VM; a daemon elsewhere has a kernel we cannot look
        // at. Only a daemon on this Linux machine can be checked up front; the others are judged by how
        // the run fails ("exec format error").
        if (fields[3].Contains("Docker Desktop", StringComparison.OrdinalIgnoreCase) || !docker.DaemonIsLocalSocket || !OperatingSystem.IsLinux())
        {
            return;
        }
        var handler = ContainerEmulation.FindHandler(_options.BinfmtDirectory, target);
        if (handler is null)
        {
            throw new ContainerPlatformUnsupportedException(target, container.Platform, fields[2],
                $"no enabled binfmt_misc handler for {target} is registered in {_options.BinfmtDirectory}.");
        }
        _log.Information("Building for {Architecture} on a {DaemonArchitecture} Docker host through emulation ({Handler}); expect it to be slow",
            target, fields[2], handler);
    }

    private async Task EnsureImageAsync(DockerCli docker, string image, string platform, CancellationToken cancellationToken)
    {
        var inspect = await docker.CaptureAsync(["image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", image], QueryTimeout, cancellationToken);
        if (inspect.Succeeded && inspect.Output.FirstOrDefault()?.Trim() == platform)
        {
            return;
        }
        var present = inspect.Succeeded ? $"present for {inspect.Output.FirstOrDefault()?.Trim()} only" : "not present locally";
        if (!_options.PullMissingImage)
        {
            throw new ContainerImageUnavailableException(image, platform, $"the image is {present} and pulling is turned off.");
        }
        _log.Information("Pulling {Image} for {Platform} (the image is {State})", image, platform, present);
        var pull = await docker.RunAsync(["pull", "--platform", platform, image], standardInput: null, SecretMasker.None,
            line => _log.Debug("docker pull: {Line}", line.Text), timeLimit: null, cancellationToken);
        if (pull.ExitCode != 0)
        {
            throw new ContainerImageUnavailableException(image, platform,
                pull.StandardError.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? $"exit code {pull.ExitCode}.");
        }
    }

    private async Task RunScriptAsync(DockerCli docker, IReadOnlyList<string> arguments, BuildPlan plan, ContainerScript script,
        string name, SecretMasker masker, CancellationToken cancellationToken)
    {
        var container = ContainerOf(plan);
        var lastLines = new Queue<string>();
        string? currentStep = null;
        var formatError = false;
        void OnLine(ProcessLine processLine)
        {
            var line = processLine.Text; // masked by the runner
            lock (lastLines)
            {
                if (line.StartsWith(ContainerScript.StepMarker, StringComparison.Ordinal))
                {
                    currentStep = line[ContainerScript.StepMarker.Length..];
                }
                formatError |= line.Contains("exec format error", StringComparison.OrdinalIgnoreCase);
                lastLines.Enqueue(line);
                while (lastLines.Count > _options.FailureOutputLines)
                {
                    lastLines.Dequeue();
                }
            }
            _log.Information("[container] {Line}", line);
        }

        ProcessResult? result = null;
        try
        {
            result = await docker.RunAsync(arguments, script.StandardInput, masker, OnLine, plan.TimeLimit, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _log.Warning("Build cancelled; removing container {Container}", name);
            throw;
        }
        finally
        {
            // `docker run --rm` removes the container when it exits by itself, but not when the client is
            // killed or the daemon loses track; removing by name is harmless when it is already gone.
            if (result is not { Succeeded: true })
            {
                await docker.CaptureAsync(["rm", "--force", name], QueryTimeout, CancellationToken.None);
            }
        }

        string[] last;
        lock (lastLines)
        {
            last = [.. lastLines];
        }
        if (result.TimedOut)
        {
            var tail = last.Length == 0 ? " It printed nothing." : " Last output:\n  " + string.Join("\n  ", last);
            throw new LayerException(masker.Apply(
                $"The container build in {container.Image} did not finish within the build's time limit of {plan.TimeLimit!.Value.TotalSeconds:0} s; " +
                $"the container {name} was removed{(currentStep is null ? "" : $" during step {currentStep}")}.{tail}"));
        }
        if (result.ExitCode != 0)
        {
            if (formatError)
            {
                throw new ContainerPlatformUnsupportedException(container.Architecture.Name, container.Platform,
                    "another architecture", "the container failed with 'exec format error'.");
            }
            // A failure the tool's output explains (refused credentials, a stale lock, no wheel) gets the same
            // message as on the host, including the host's direct look at the index when pip only says that
            // nothing was found; anything else is reported as the script's failure.
            // A step that carries its own advice (a path dependency's build) is explained the same way too.
            if (FailedCommand(plan, currentStep) is { } command &&
                await BuildFailureTranslator.ExplainAsync(plan, command, result.ExitCode, last, masker, CancellationToken.None) is { } explained &&
                (explained.Kind != BuildFailureKind.CommandFailed || command.FailureAdvice is not null))
            {
                throw explained;
            }
            throw new ContainerScriptFailedException(container.Image, result.ExitCode, currentStep, last);
        }
    }

    // The step marker reads "i/n: title"; i is the 1-based index of the plan command that was running.
    private static PlanCommand? FailedCommand(BuildPlan plan, string? step)
    {
        var slash = step?.IndexOf('/') ?? -1;
        return slash > 0 && int.TryParse(step![..slash], out var number) && number >= 1 && number <= plan.Commands.Count
            ? plan.Commands[number - 1]
            : null;
    }

    private string? ResolveUser(string projectDirectory)
    {
        if (_options.User is not null)
        {
            return UnixUsers.TryParse(_options.User, out _, out _)
                ? _options.User
                : throw new LayerException($"The container user '{_options.User}' is not of the form uid:gid (for example 1000:1000).");
        }
        if (!UnixUsers.IsSupported)
        {
            return null; // Docker Desktop on Windows maps file ownership itself.
        }
        return UnixUsers.IsRoot ? UnixUsers.OwnerOf(projectDirectory) ?? "0:0" : UnixUsers.CurrentUser();
    }

    // Folders this process created (as root) must be writable by the container user.
    private static void HandOverToContainerUser(string? user, params string?[] directories)
    {
        if (user is null || !UnixUsers.IsRoot || !UnixUsers.TryParse(user, out var uid, out var gid) || uid == 0)
        {
            return;
        }
        foreach (var directory in directories)
        {
            if (directory is not null)
            {
                UnixUsers.ChangeOwnerRecursively(directory, uid, gid);
            }
        }
    }

    // The version to pin for each tool the image may lack: the options' (tests), else the host's tool the
    // plan carries, else one probe of the host (a plan made by hand carries none).
    private async Task<IReadOnlyList<ToolInstallation>> ResolveToolVersionsAsync(BuildPlan plan, CancellationToken cancellationToken)
    {
        var result = new List<ToolInstallation>();
        foreach (var tool in plan.RequiredTools)
        {
            var version = _options.ToolVersions is not null
                ? _options.ToolVersions.FirstOrDefault(t => t.Tool == tool)?.Version
                : plan.HostTool is { } host && host.Program == tool
                    ? host.VersionText
                    : (await ToolProbe.ProbeAsync(tool, askForExport: false, cancellationToken))?.VersionText;
            result.Add(new ToolInstallation(tool, version));
        }
        return result;
    }

    // PIP_BREAK_SYSTEM_PACKAGES: Debian-based images mark their Python externally managed (PEP 668), which
    // makes pip refuse some installs even with --target; SAM images ignore the variable.
    private static Dictionary<string, string> CommonEnvironment(ContainerRun container)
    {
        var environment = new Dictionary<string, string> { ["PIP_BREAK_SYSTEM_PACKAGES"] = "1" };
        if (container.CacheDirectory is not null)
        {
            environment["PIP_CACHE_DIR"] = CacheMount + "/pip";
            environment["UV_CACHE_DIR"] = CacheMount + "/uv";
            environment["POETRY_CACHE_DIR"] = CacheMount + "/poetry";
        }
        return environment;
    }

    /// <summary>A host path inside the project as seen in the container.</summary>
    internal static string ToContainerPath(string projectDirectory, string hostPath)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(projectDirectory), Path.GetFullPath(hostPath));
        if (relative == ".")
        {
            return ProjectMount;
        }
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new LayerException($"'{hostPath}' lies outside the project folder '{projectDirectory}', so the container cannot see it. Keep the build folder inside the project.");
        }
        return ProjectMount + "/" + relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    // --mount rather than -v: a host path containing ':' would split -v's value. --mount is CSV, so a
    // field holding ',' or '"' is quoted the CSV way.
    private static string BindMount(string source, string target)
    {
        var field = "source=" + source;
        if (field.Contains(',') || field.Contains('"'))
        {
            field = "\"" + field.Replace("\"", "\"\"") + "\"";
        }
        return $"type=bind,{field},target={target}";
    }

    [GeneratedRegex(@"://([^/@\s]*@)?(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?(/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex LoopbackUrl();
}
