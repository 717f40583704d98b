using LambdaLayers.Projects;
using LambdaLayers.Settings;

namespace LambdaLayers.Planning;

/// <summary>
/// pip: <c>python -m pip install --no-input --target artifacts/python -r repo/requirements.txt</c>. In
/// cross-platform mode pip only takes binary wheels for the Lambda platform (every manylinux tag up to the
/// runtime's glibc, CPython of the runtime's version and ABI). A private index goes in through
/// <c>PIP_INDEX_URL</c> in the child's environment, credentials embedded, never in argv.
/// </summary>
public sealed class PipStrategy : IBuildStrategy
{
    public ToolKind Tool => ToolKind.Pip;

    public BuildPlan CreatePlan(LayerSettings settings, ExecutionEnvironment environment)
    {
        var dependencies = PathDependencyInputs.Read(settings);
        PathDependencyInputs.CheckBuildable(settings, dependencies);
        var staging = PathDependencyStaging.For(settings, environment, dependencies);

        var requirements = environment.Path(staging.ProjectCopy, "requirements.txt");
        var commands = new List<PlanCommand>();
        if (staging.CopyCommand() is { } copy)
        {
            commands.Add(copy);
        }
        commands.AddRange(staging.WheelCommands());
        if (staging.RewriteCommand(requirements) is { } rewrite)
        {
            commands.Add(rewrite);
        }
        commands.Add(PipInstall(settings, environment, requirements, settings.ToolArguments, "pip install into artifacts/python", staging.ProjectCopy));
        var plan = staging.WithMounts(PlanInputs.Plan(settings, environment,
            [new PlanFile(settings.ManifestPath, Path.Combine(staging.HostProjectCopy, "requirements.txt"))],
            commands, requiredTools: []));
        return WithIndexOfRequirementsFile(plan, settings);
    }

    /// <summary>
    /// pip takes an <c>--index-url</c> written in requirements.txt over the one in its environment. Beside a
    /// configured index that is a conflict (the build would silently use the other index, without the configured
    /// credentials), refused here; alone, it is the index pip uses, so errors and the index probe name that one.
    /// </summary>
    private static BuildPlan WithIndexOfRequirementsFile(BuildPlan plan, LayerSettings settings)
    {
        if (!File.Exists(settings.ManifestPath) ||
            RequirementsIndexOption.Read(settings.ManifestPath).FirstOrDefault(o => o.ReplacesIndex) is not { } written)
        {
            return plan;
        }
        if (settings.Index is { } configured)
        {
            throw new BuildInputException("requirements.txt",
                $"{settings.ManifestPath} line {written.Line} sets --index-url {written.DisplayUrl}, and index '{configured.Name}' " +
                $"({PlanInputs.DisplayUrl(configured.Url)}) is configured (--index-url): pip would install from the file's index " +
                "and ignore the configured one and its credentials. Remove that line from requirements.txt to use the configured " +
                "index, or stop configuring one to use the file's.");
        }
        return Uri.TryCreate(written.Url, UriKind.Absolute, out var url)
            ? plan with { Index = new PackageIndex($"requirements.txt line {written.Line}", url, null, null) }
            : plan;
    }

    /// <summary>The pip install command for a requirements file; the Poetry export path reuses it.</summary>
    internal static PlanCommand PipInstall(LayerSettings settings, ExecutionEnvironment environment, string requirementsFile,
        IEnumerable<string> extraArguments, string title, string workingDirectory)
    {
        var arguments = new List<string>
        {
            "-m", "pip", "install",
            "--no-input", "--disable-pip-version-check", "--no-warn-script-location",
            "--target", environment.PythonArtifactsDirectory,
            "--requirement", requirementsFile,
        };
        if (settings.Mode == BuildMode.CrossPlatform)
        {
            arguments.AddRange(CrossPlatformArguments(settings));
        }
        arguments.AddRange(extraArguments);

        var (variables, secrets) = IndexVariables(settings);
        return new PlanCommand(environment.PythonCommand, arguments, workingDirectory)
        {
            Environment = variables,
            SecretNames = secrets,
            ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
            Title = title,
        };
    }

    /// <summary>
    /// The private index for any pip step (<c>PIP_INDEX_URL</c>, credentials embedded and then a secret):
    /// the install, and the builds of path dependencies, whose build backends come from the same index.
    /// </summary>
    internal static (Dictionary<string, string> Variables, HashSet<string> Secrets) IndexVariables(LayerSettings settings)
    {
        var variables = new Dictionary<string, string>();
        var secrets = new HashSet<string>();
        if (settings.Index is { } index)
        {
            variables["PIP_INDEX_URL"] = PlanInputs.UrlWithCredentials(index);
            if (index.HasCredentials)
            {
                secrets.Add("PIP_INDEX_URL");
            }
        }
        return (variables, secrets);
    }

    /// <summary>
    /// pip reads <c>--platform</c> literally, so every compatible manylinux level is listed; abi3 and
    /// pure wheels stay allowed besides the runtime's own ABI.
    /// </summary>
    internal static IEnumerable<string> CrossPlatformArguments(LayerSettings settings)
    {
        foreach (var tag in settings.Runtime.ManylinuxTags(settings.Architecture))
        {
            yield return "--platform";
            yield return tag;
        }
        yield return "--only-binary=:all:";
        yield return "--implementation";
        yield return "cp";
        yield return "--python-version";
        yield return settings.Runtime.PythonVersion;
        foreach (var abi in new[] { settings.Runtime.AbiTag, "abi3", "none" })
        {
            yield return "--abi";
            yield return abi;
        }
    }
}
