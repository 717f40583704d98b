using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LambdaLayers.Planning;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Execution.Containers;

/// <summary>
/// Runs a build plan inside the runtime's build image through the <c>docker</c> CLI: the plan (made for
/// <see cref="ExecutionEnvironment.ForContainer"/>) becomes one sh script under the layout's scratch folder, the
/// project is bind-mounted at <c>/var/task</c>, and the container runs as the files' owner so everything
/// it writes into <c>build/</c> belongs to them. Secrets travel only as <c>-e NAME</c> with the value in
/// the docker process's environment. Whatever happens — failure, Ctrl-C — no container is left behind.
/// </summary>
public sealed partial class ContainerExecutor : IPlanExecutor
{
    /// <summary>Where the project folder is mounted inside the container.</summary>
    public const string ProjectMount = ExecutionEnvironment.ContainerProjectDirectory;

    /// <summary>The HOME of the container user (which has no home of its own in the image).</summary>
    public const string ContainerHome = "/tmp";

    /// <summary>Where <see cref="LayerSettings.ContainerCacheDirectory"/> is mounted.</summary>
    public const string CacheMount = "/tmp/cache";

    /// <summary>Every container this executor starts is named with this prefix and a random suffix.</summary>
    public const string ContainerNamePrefix = "lambda-layers-";

    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(60);

    private readonly ILogger _log;
    private readonly ContainerExecutorOptions _options;

    // The settings CheckAsync last passed and the CLI it found: BuildLayerStage checks right before it
    // executes, and the daemon and image queries need not run twice for the same settings.
    private (LayerSettings Settings, DockerCli Docker)? _checked;

    public ContainerExecutor(ILogger log, ContainerExecutorOptions? options = null)
    {
        _log = log;
        _options = options ?? new ContainerExecutorOptions();
    }

    public async Task ExecuteAsync(BuildPlan plan, LayerSettings settings, CancellationToken cancellationToken)
    {
        var layout = settings.Layout;
        var image = settings.EffectiveImage;
        var platform = settings.Architecture.DockerPlatform;

        var docker = _checked is { } done && ReferenceEquals(done.Settings, settings)
            ? done.Docker
            : await PreflightAsync(settings, cancellationToken);

        var user = ResolveUser(settings.ProjectDirectory);
        var tools = await ResolveToolVersionsAsync(plan, cancellationToken);
        var script = ContainerScriptRenderer.Render(plan, new ContainerScriptContext
        {
            Tools = tools,
            CommonEnvironment = CommonEnvironment(settings),
            Image = image,
        });

        foreach (var file in plan.Files)
        {
            file.Copy();
        }
        Directory.CreateDirectory(layout.BuildDirectory);
        Directory.CreateDirectory(layout.ScratchDirectory);
        if (settings.ContainerCacheDirectory is not null)
        {
            Directory.CreateDirectory(settings.ContainerCacheDirectory);
        }
        HandOverToContainerUser(user, layout.BuildDirectory, layout.ScratchDirectory, settings.ContainerCacheDirectory);

        var name = ContainerNamePrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var scriptPath = Path.Combine(layout.ScratchDirectory, name + ".sh");
        await File.WriteAllTextAsync(scriptPath, script.Text, cancellationToken);
        var masker = SecretMasker.For(plan, settings.Index);
        try
        {
            var arguments = RunArguments(plan, settings, name, user, script, ToContainerPath(settings.ProjectDirectory, scriptPath));
            _log.Information("Running the {Tool} plan in {Image} ({Platform}) as container {Container}, user {User}, network {Network}",
                plan.Tool, image, platform, name, user ?? "(image default)", ChooseNetwork(plan, settings) ?? "default");
            await RunScriptAsync(docker, arguments, plan, script, name, image, settings, masker, cancellationToken);
        }
        finally
        {
            File.Delete(scriptPath);
            if (Directory.Exists(layout.ScratchDirectory) && !Directory.EnumerateFileSystemEntries(layout.ScratchDirectory).Any())
            {
                Directory.Delete(layout.ScratchDirectory);
            }
        }
    }

    /// <summary>
    /// Checks everything a container build needs before anything is touched: the docker CLI, a daemon
    /// that answers, emulation for a foreign architecture, the image (pulled when absent). Throws the
    /// matching <see cref="LayerException"/>. A stage calls it before wiping the build folder so a missing
    /// daemon leaves the last build intact; <see cref="ExecuteAsync"/> runs it unless it just passed for
    /// the same settings.
    /// </summary>
    public async Task CheckAsync(LayerSettings settings, CancellationToken cancellationToken) =>
        _checked = (settings, await PreflightAsync(settings, cancellationToken));

    private async Task<DockerCli> PreflightAsync(LayerSettings settings, CancellationToken cancellationToken)
    {
        var docker = DockerCli.Locate(_options.DockerCommand, _options.DockerEnvironment);
        await CheckDaemonAndPlatformAsync(docker, settings, cancellationToken);
        await EnsureImageAsync(docker, settings.EffectiveImage, settings.Architecture.DockerPlatform, cancellationToken);
        return docker;
    }

    /// <summary>
    /// The <c>docker run</c> arguments. Contains no secret: carriers are named (<c>-e NAME</c>) and take
    /// their values from the docker process's environment.
    /// </summary>
    internal IReadOnlyList<string> RunArguments(BuildPlan plan, LayerSettings settings, string name, string? user, ContainerScript script, string containerScriptPath)
    {
        var arguments = new List<string>
        {
            "run", "--rm", "--name", name,
            "--platform", settings.Architecture.DockerPlatform,
            "--mount", BindMount(settings.ProjectDirectory, ProjectMount),
            "--workdir", ProjectMount,
            "--env", $"HOME={ContainerHome}",
        };
        if (user is not null)
        {
            arguments.AddRange(["--user", user]);
        }
        var network = ChooseNetwork(plan, settings);
        if (network is not null)
        {
            arguments.AddRange(["--network", network]);
        }
        if (settings.ContainerCacheDirectory is not null)
        {
            arguments.AddRange(["--mount", BindMount(Path.GetFullPath(settings.ContainerCacheDirectory), CacheMount)]);
        }
        foreach (var carrier in script.SecretVariables.Keys)
        {
            arguments.AddRange(["--env", carrier]);
        }
        arguments.AddRange(settings.DockerArguments);
        arguments.AddRange([settings.EffectiveImage, "sh", containerScriptPath]);
        return arguments;
    }

    /// <summary>The network for <c>docker run</c>, or null for Docker's default (see <see cref="ContainerExecutorOptions.Network"/>).</summary>
    internal string? ChooseNetwork(BuildPlan plan, LayerSettings settings)
    {
        if (settings.DockerArguments.Any(a => a is "--network" or "--net" || a.StartsWith("--network=", StringComparison.Ordinal) || a.StartsWith("--net=", StringComparison.Ordinal)))
        {
            return null;
        }
        if (_options.Network is not null)
        {
            return _options.Network;
        }
        var texts = plan.Commands.SelectMany(c => c.Arguments.Concat(c.Environment.Values));
        if (settings.Index is not null)
        {
            texts = texts.Append(settings.Index.Url.ToString());
        }
        return texts.Any(t => LoopbackUrl().IsMatch(t)) ? "host" : null;
    }

    private async Task CheckDaemonAndPlatformAsync(DockerCli docker, LayerSettings settings, CancellationToken cancellationToken)
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
        var target = settings.Architecture.Name;
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
            throw new ContainerPlatformUnsupportedException(target, settings.Architecture.DockerPlatform, fields[2],
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
        var errors = new List<string>();
        var exitCode = await docker.RunAsync(["pull", "--platform", platform, image], new Dictionary<string, string>(),
            line => _log.Debug("docker pull: {Line}", line), line => { lock (errors) errors.Add(line); }, cancellationToken);
        if (exitCode != 0)
        {
            throw new ContainerImageUnavailableException(image, platform,
                errors.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? $"exit code {exitCode}.");
        }
    }

    private async Task RunScriptAsync(DockerCli docker, IReadOnlyList<string> arguments, BuildPlan plan, ContainerScript script,
        string name, string image, LayerSettings settings, SecretMasker masker, CancellationToken cancellationToken)
    {
        var lastLines = new Queue<string>();
        string? currentStep = null;
        var formatError = false;
        void OnLine(string raw)
        {
            var line = masker.Apply(raw);
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

        var exitCode = -1;
        try
        {
            exitCode = await docker.RunAsync(arguments, script.SecretVariables, OnLine, OnLine, cancellationToken);
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
            if (exitCode != 0)
            {
                await docker.CaptureAsync(["rm", "--force", name], QueryTimeout, CancellationToken.None);
            }
        }

        if (exitCode != 0)
        {
            if (formatError)
            {
                throw new ContainerPlatformUnsupportedException(settings.Architecture.Name, settings.Architecture.DockerPlatform,
                    "another architecture", "the container failed with 'exec format error'.");
            }
            // A failure the tool's output explains (refused credentials, a stale lock, no wheel) gets the same
            // message as on the host, including the host's direct look at the index when pip only says that
            // nothing was found; anything else is reported as the script's failure.
            if (FailedCommand(plan, currentStep) is { } command &&
                await BuildFailureTranslator.ExplainAsync(plan, settings, command, exitCode, [.. lastLines], masker, CancellationToken.None) is
                    { Kind: not BuildFailureKind.CommandFailed } explained)
            {
                throw explained;
            }
            throw new ContainerScriptFailedException(image, exitCode, currentStep, [.. lastLines]);
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

    private async Task<IReadOnlyList<ToolInstallation>> ResolveToolVersionsAsync(BuildPlan plan, CancellationToken cancellationToken)
    {
        var result = new List<ToolInstallation>();
        foreach (var tool in plan.RequiredTools)
        {
            var version = _options.ToolVersions is not null
                ? _options.ToolVersions.FirstOrDefault(t => t.Tool == tool)?.Version
                : await HostToolVersions.DetectAsync(tool, cancellationToken);
            result.Add(new ToolInstallation(tool, version));
        }
        return result;
    }

    // PIP_BREAK_SYSTEM_PACKAGES: Debian-based images mark their Python externally managed (PEP 668), which
    // makes pip refuse some installs even with --target; SAM images ignore the variable.
    private static Dictionary<string, string> CommonEnvironment(LayerSettings settings)
    {
        var environment = new Dictionary<string, string> { ["PIP_BREAK_SYSTEM_PACKAGES"] = "1" };
        if (settings.ContainerCacheDirectory is not null)
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
