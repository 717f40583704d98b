using System.Text.Json;
using LambdaLayers.Projects;
using LambdaLayers.Settings;

namespace LambdaLayers.Planning;

/// <summary>
/// The plan of a function build, for the host or a container like every plan: copy the project (and its path
/// dependencies) into <c>source/</c>; build each into a wheel through its own backend with the project's tool —
/// <c>poetry build -f wheel</c> (in a venv of the runtime's Python, which Poetry checks the project's python constraint
/// against), <c>uv build --wheel</c>, <c>pip wheel --no-deps</c>; with <c>--bundle-dependencies</c> run the layer's
/// install plan into the same <c>artifacts/python</c>; then install the wheels there without dependencies — the zip
/// root, which Lambda unpacks to /var/task — and drop the installer's record of this machine's paths. In
/// cross-platform mode every wheel must be pure Python and is installed for the Lambda platform.
/// </summary>
public static class FunctionBuildPlanner
{
    /// <summary>1980-01-01T00:00:00Z: the earliest time a zip entry can hold, given to the backends as SOURCE_DATE_EPOCH so their wheels do not depend on file times.</summary>
    public const string SourceDateEpoch = "315532800";

    public static BuildPlan CreatePlan(FunctionInputs inputs, ExecutionEnvironment environment)
    {
        var settings = inputs.BuildSettings;
        var commands = new List<PlanCommand>();
        var files = new List<PlanFile>(inputs.SourceCopies());
        var requiredTools = new List<string>();
        var dist = environment.Path(environment.BuildDirectory, "dist");
        var wheelFolders = new List<(string Path, string What)>();

        var projectCopy = SourcePath(environment, inputs.PartsFromAnchor(settings.ProjectDirectory));
        var projectWheels = inputs.BuildsWithPoetry ? environment.Path(projectCopy, "dist") : environment.Path(dist, "project");
        commands.AddRange(BuildWheel(inputs, environment, projectCopy, projectWheels, inputs.BuildsWithPoetry,
            $"the project {inputs.Project.Name ?? ""}".TrimEnd(), ProjectAdvice(inputs)));
        wheelFolders.Add((projectWheels, $"the project ({inputs.Backend})"));

        var index = 0;
        foreach (var dependency in inputs.PathDependencies)
        {
            index++;
            var folder = environment.Path(dist, $"path-dependency-{index}");
            var what = $"path dependency {dependency.Display}";
            if (dependency.IsWheel)
            {
                files.Add(new PlanFile(dependency.ResolvedPath,
                    Path.Combine(inputs.Layout.DistDirectory, $"path-dependency-{index}", Path.GetFileName(dependency.ResolvedPath))));
                wheelFolders.Add((folder, what));
                continue;
            }
            var copy = SourcePath(environment, inputs.PartsFromAnchor(dependency.ResolvedPath));
            // A Poetry project's Poetry dependency is built by Poetry too (its backend, poetry-core, need not be on the index);
            // anything else by pip, which installs the backend its [build-system] names.
            var pyproject = Path.Combine(dependency.ResolvedPath, "pyproject.toml");
            var poetry = inputs.BuildsWithPoetry && File.Exists(pyproject) && PyProjectReader.Read(pyproject).Poetry is not null;
            var output = poetry ? environment.Path(copy, "dist") : folder;
            commands.AddRange(BuildWheel(inputs, environment, copy, output, poetry, what,
                $"The path dependency {dependency.Display} ({dependency.DeclaredIn}) could not be built into a wheel by its build backend " +
                $"(its output is above). Make its build work on its own (`{(poetry ? "poetry build -f wheel" : "pip wheel --no-deps .")}` in " +
                $"'{dependency.ResolvedPath}'), or point the dependency at a built wheel."));
            wheelFolders.Add((output, what));
        }

        var wheelList = environment.Path(dist, "function-wheels.txt");
        commands.Add(new PlanCommand(environment.PythonCommand,
            ["-c", FunctionSnippets.CollectWheels, JsonSerializer.Serialize(new
            {
                folders = wheelFolders.Select(w => new { path = w.Path, what = w.What }),
                pure = settings.Mode == BuildMode.CrossPlatform,
                output = wheelList,
            })],
            environment.BuildDirectory)
        {
            ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
            Title = settings.Mode == BuildMode.CrossPlatform
                ? "collect the built wheels and check that they are pure Python"
                : "collect the built wheels",
            FailureAdvice = settings.Mode == BuildMode.CrossPlatform
                ? "A cross-platform build installs only what runs anywhere; code that compiles native extensions must be built for Lambda: " +
                  "use --mode container (or --mode local on Linux of the target architecture)."
                : null,
        });

        if (settings.BundleDependencies)
        {
            var dependencies = BuildStrategies.For(settings.Tool).CreatePlan(settings, environment);
            files.AddRange(dependencies.Files);
            commands.AddRange(dependencies.Commands);
            requiredTools.AddRange(dependencies.RequiredTools);
        }

        commands.Add(Install(settings, environment, wheelList));
        commands.Add(new PlanCommand(environment.PythonCommand, ["-c", FunctionSnippets.StripLocalDirectUrls, environment.PythonArtifactsDirectory], environment.BuildDirectory)
        {
            ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
            Title = "drop the installer's record of this machine's wheel paths",
        });

        if (settings.Tool == ToolKind.Poetry)
        {
            requiredTools.Add("poetry");
        }
        else if (settings.Tool == ToolKind.Uv)
        {
            requiredTools.Add("uv");
        }
        return PlanInputs.Plan(settings, environment, files, commands, requiredTools.Distinct().ToArray());
    }

    private static string ProjectAdvice(FunctionInputs inputs) =>
        $"The project's build backend ({inputs.Backend}) could not build it into a wheel (its output is above). Make the build work in the " +
        $"project first (`{(inputs.BuildsWithPoetry ? "poetry build -f wheel" : inputs.Settings.Tool == ToolKind.Uv ? "uv build --wheel" : "pip wheel --no-deps .")}`), " +
        "check that [build-system] requires can be installed from the index this build uses (--index-url), then run PackageFunction again.";

    // One folder (a project or a path dependency, copied under source/) built into a wheel in `output`.
    private static IEnumerable<PlanCommand> BuildWheel(FunctionInputs inputs, ExecutionEnvironment environment, string folder, string output,
        bool poetry, string what, string advice)
    {
        var settings = inputs.Settings;
        var variables = new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = SourceDateEpoch };
        var secrets = new HashSet<string>();
        if (poetry)
        {
            // Poetry checks the project's python constraint against its environment; an in-project venv of the
            // runtime's Python (made without pip: nothing is installed into it) is that environment.
            yield return new PlanCommand(environment.PythonCommand, ["-m", "venv", "--without-pip", environment.Path(folder, ".venv")], folder)
            {
                ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
                Title = $"create the venv poetry build checks {what} against",
            };
            variables["POETRY_VIRTUALENVS_IN_PROJECT"] = "true";
            variables["POETRY_VIRTUALENVS_CREATE"] = "true";
            variables["POETRY_KEYRING_ENABLED"] = "false";
            variables["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring";
            yield return new PlanCommand("poetry", ["build", "--format", "wheel", "--no-interaction"], folder)
            {
                Environment = variables,
                ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
                Title = $"poetry build of {what} into a wheel",
                FailureAdvice = advice,
            };
            yield break;
        }
        if (settings.Tool == ToolKind.Uv)
        {
            if (settings.Index is { } uvIndex)
            {
                variables["UV_INDEX"] = $"{uvIndex.Name}={PlanInputs.DisplayUrl(uvIndex.Url)}";
                if (uvIndex.HasCredentials)
                {
                    variables[$"UV_INDEX_{uvIndex.EnvironmentName}_USERNAME"] = uvIndex.Username ?? "";
                    variables[$"UV_INDEX_{uvIndex.EnvironmentName}_PASSWORD"] = uvIndex.Password ?? "";
                    secrets.Add($"UV_INDEX_{uvIndex.EnvironmentName}_PASSWORD");
                }
            }
            yield return new PlanCommand("uv", ["build", "--wheel", "--out-dir", output, "--python", environment.PythonCommand, "--no-progress", folder], folder)
            {
                Environment = variables,
                SecretNames = secrets,
                ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
                Title = $"uv build of {what} into a wheel",
                FailureAdvice = advice,
            };
            yield break;
        }
        if (settings.Index is { } index)
        {
            variables["PIP_INDEX_URL"] = PlanInputs.UrlWithCredentials(index);
            if (index.HasCredentials)
            {
                secrets.Add("PIP_INDEX_URL");
            }
        }
        var arguments = new List<string> { "-m", "pip", "wheel", "--no-deps", "--no-input", "--disable-pip-version-check", "--wheel-dir", output };
        if (settings.Mode == BuildMode.CrossPlatform)
        {
            // The interpreter may be another Python than the runtime's; the wheel is checked to be pure Python instead.
            arguments.Add("--ignore-requires-python");
        }
        arguments.Add(folder);
        yield return new PlanCommand(environment.PythonCommand, arguments, folder)
        {
            Environment = variables,
            SecretNames = secrets,
            ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
            Title = $"pip wheel of {what} through its build backend",
            FailureAdvice = advice,
        };
    }

    // The function's own wheels, without their dependencies (those come from the layer, or were installed just before).
    private static PlanCommand Install(LayerSettings settings, ExecutionEnvironment environment, string wheelList)
    {
        if (settings.Tool == ToolKind.Uv)
        {
            var arguments = new List<string>
            {
                "pip", "install", "--no-deps", "--requirements", wheelList, "--target", environment.PythonArtifactsDirectory,
                "--python", environment.PythonCommand, "--link-mode", "copy", "--no-installer-metadata", "--no-compile-bytecode", "--no-progress",
            };
            if (settings.Mode == BuildMode.CrossPlatform)
            {
                arguments.AddRange([
                    "--python-platform", settings.Runtime.UvPythonPlatform(settings.Architecture),
                    "--python-version", settings.Runtime.PythonVersion,
                    "--only-binary", ":all:",
                ]);
            }
            return new PlanCommand("uv", arguments, environment.BuildDirectory)
            {
                ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
                Title = "uv pip install of the function's wheels (no dependencies) at the zip root",
            };
        }
        var pip = new List<string>
        {
            "-m", "pip", "install", "--no-deps", "--no-input", "--disable-pip-version-check", "--no-warn-script-location", "--no-compile",
            "--upgrade", "--target", environment.PythonArtifactsDirectory, "--requirement", wheelList,
        };
        if (settings.Mode == BuildMode.CrossPlatform)
        {
            pip.AddRange(PipStrategy.CrossPlatformArguments(settings));
        }
        return new PlanCommand(environment.PythonCommand, pip, environment.BuildDirectory)
        {
            ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
            Title = "pip install of the function's wheels (no dependencies) at the zip root",
        };
    }

    private static string SourcePath(ExecutionEnvironment environment, IReadOnlyList<string> parts) =>
        environment.Path([environment.Path(environment.BuildDirectory, "source"), .. parts]);
}
