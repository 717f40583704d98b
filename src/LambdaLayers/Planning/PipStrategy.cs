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
        var requirements = environment.Path(environment.RepoDirectory, "requirements.txt");
        var command = PipInstall(settings, environment, requirements, settings.ToolArguments, "pip install into artifacts/python");
        return PlanInputs.Plan(settings, environment,
            [new PlanFile(settings.ManifestPath, Path.Combine(settings.Layout.RepoDirectory, "requirements.txt"))],
            [command], requiredTools: []);
    }

    /// <summary>The pip install command for a requirements file; the Poetry export path reuses it.</summary>
    internal static PlanCommand PipInstall(
        LayerSettings settings, ExecutionEnvironment environment, string requirementsFile, IEnumerable<string> extraArguments, string title)
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
        return new PlanCommand(environment.PythonCommand, arguments, environment.RepoDirectory)
        {
            Environment = variables,
            SecretNames = secrets,
            ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
            Title = title,
        };
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
