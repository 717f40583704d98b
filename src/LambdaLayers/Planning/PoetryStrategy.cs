using LambdaLayers.Projects;
using LambdaLayers.Settings;

namespace LambdaLayers.Planning;

/// <summary>
/// Poetry. Local (and container) mode: copy pyproject.toml and poetry.lock into <c>repo/</c>, create
/// <c>repo/.venv</c> with the runtime's Python (Poetry cannot pick a non-default interpreter by itself),
/// <c>poetry install --no-root --only main</c> into it, then copy its site-packages to
/// <c>artifacts/python</c>. Poetry is configured through environment variables only, so the user's
/// global config is never changed. Cross-platform: <c>poetry export</c> to a pinned requirements file,
/// then pip's cross-platform install; Poetry builds without the export command are refused up front.
/// </summary>
public sealed class PoetryStrategy : IBuildStrategy
{
    private static readonly IReadOnlyList<string> RequiredTools = ["poetry"];

    public ToolKind Tool => ToolKind.Poetry;

    public BuildPlan CreatePlan(LayerSettings settings, ExecutionEnvironment environment)
    {
        var poetryVariables = PoetryVariables(settings);
        var secrets = settings.Index is { HasCredentials: true } index
            ? new HashSet<string> { $"POETRY_HTTP_BASIC_{index.EnvironmentName}_PASSWORD" }
            : new HashSet<string>();

        var repo = environment.RepoDirectory;
        var files = new List<PlanFile>
        {
            new(settings.PyProjectPath, Path.Combine(settings.Layout.RepoDirectory, "pyproject.toml")),
            new(settings.ManifestPath, Path.Combine(settings.Layout.RepoDirectory, "poetry.lock")),
        };
        var commands = new List<PlanCommand>();
        var tool = environment.Tool;

        // Poetry 1.x only warns about a stale lock and installs anyway, so on 1.x the plan asks it to check
        // first (`poetry lock --check`). 1.8+ and 2.x refuse a stale lock on install and export by themselves.
        var lockCheck = tool is not null && tool.IsOlderThan(2, 0)
            ? Poetry(environment, ["lock", "--check", "--no-interaction"], poetryVariables, secrets, "check that poetry.lock matches pyproject.toml")
            : null;

        if (settings.Mode == BuildMode.CrossPlatform)
        {
            if (tool?.HasExportCommand == false)
            {
                throw new BuildInputException("poetry export",
                    $"Cross-platform builds with Poetry need the `poetry export` command, and the Poetry on this machine " +
                    $"({tool.Version?.ToString() ?? "unknown version"}) does not have it: Poetry 2.x and Debian's python3-poetry " +
                    "ship without poetry-plugin-export. Install the plugin (`poetry self add poetry-plugin-export`, " +
                    "`pipx inject poetry poetry-plugin-export` or `pip install poetry-plugin-export`), or build with " +
                    "--mode container (or --mode local on a Linux host of the target architecture).");
            }
            var requirements = environment.Path(repo, "requirements.txt");
            var export = new List<string> { "export", "--format", "requirements.txt", "--output", requirements, "--without-urls", "--no-interaction" };
            foreach (var group in settings.Groups)
            {
                export.AddRange(["--with", group]);
            }
            foreach (var extra in settings.Extras)
            {
                export.AddRange(["--extras", extra]);
            }
            export.AddRange(settings.ToolArguments);
            if (lockCheck is not null)
            {
                commands.Add(lockCheck);
            }
            commands.Add(Poetry(environment, export, poetryVariables, secrets, "poetry export of the locked runtime dependencies"));
            commands.Add(PipStrategy.PipInstall(settings, environment, requirements, [], "pip install of the exported requirements for the Lambda platform"));
            return PlanInputs.Plan(settings, environment, files, commands, RequiredTools);
        }

        var venv = environment.Path(repo, ".venv");
        var venvPython = environment.IsContainer || !OperatingSystem.IsWindows()
            ? environment.Path(venv, "bin", "python")
            : environment.Path(venv, "Scripts", "python.exe");
        var seedList = environment.Path(repo, ".venv-seed.txt");
        commands.Add(new PlanCommand(environment.PythonCommand, ["-m", "venv", venv], repo)
        {
            ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
            Title = $"create repo/.venv with {settings.Runtime.InterpreterName}",
        });
        commands.Add(new PlanCommand(venvPython, ["-c", PythonSnippets.RecordSitePackages, seedList], repo)
        {
            ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
            Title = "record the venv's own packages",
        });
        if (lockCheck is not null)
        {
            commands.Add(lockCheck);
        }

        var install = new List<string> { "install", "--no-root", "--no-interaction" };
        if (tool is not null && tool.IsOlderThan(1, 2))
        {
            install.Add("--no-dev");
        }
        else
        {
            install.AddRange(["--only", string.Join(',', new[] { "main" }.Concat(settings.Groups))]);
        }
        foreach (var extra in settings.Extras)
        {
            install.AddRange(["--extras", extra]);
        }
        install.AddRange(settings.ToolArguments);
        commands.Add(Poetry(environment, install, poetryVariables, secrets, "poetry install of the locked runtime dependencies"));
        commands.Add(new PlanCommand(venvPython, ["-c", PythonSnippets.CopySitePackages, seedList, environment.PythonArtifactsDirectory], repo)
        {
            ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
            Title = "copy the venv's site-packages to artifacts/python",
        });
        return PlanInputs.Plan(settings, environment, files, commands, RequiredTools);
    }

    private static PlanCommand Poetry(ExecutionEnvironment environment, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> variables, IReadOnlySet<string> secrets, string title) =>
        new("poetry", arguments, environment.RepoDirectory)
        {
            Environment = variables,
            SecretNames = secrets,
            ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
            Title = title,
        };

    /// <summary>
    /// The settings Poetry gets through its environment. The user's config and cache folders are left as
    /// they are on purpose: the config may hold credentials and certificates the project relies on, and
    /// variables win over config files for every key set here; the cache is content-addressed, so sharing
    /// it only saves downloads. Booleans are lowercase because Poetry 1.x reads "True" as false.
    /// </summary>
    private static Dictionary<string, string> PoetryVariables(LayerSettings settings)
    {
        var variables = new Dictionary<string, string>
        {
            ["POETRY_VIRTUALENVS_IN_PROJECT"] = "true",
            ["POETRY_VIRTUALENVS_CREATE"] = "true",
            // A headless build must never wait for a keyring unlock prompt.
            ["POETRY_KEYRING_ENABLED"] = "false",
            ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring",
        };
        // That the index is declared as a [[tool.poetry.source]] was checked with the settings (LayerSettingsValidation),
        // on the pyproject.toml the resolver read: Poetry matches credentials to sources by name.
        if (settings.Index is { HasCredentials: true } index)
        {
            variables[$"POETRY_HTTP_BASIC_{index.EnvironmentName}_USERNAME"] = index.Username ?? "";
            variables[$"POETRY_HTTP_BASIC_{index.EnvironmentName}_PASSWORD"] = index.Password ?? "";
        }
        return variables;
    }
}
