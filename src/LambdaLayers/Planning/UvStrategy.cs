using LambdaLayers.Settings;

namespace LambdaLayers.Planning;

/// <summary>
/// uv: <c>uv export --frozen --no-dev --no-emit-project</c> turns uv.lock into a pinned requirements file in
/// <c>repo/</c>, then <c>uv pip install --target artifacts/python</c> installs it. Cross-platform adds
/// <c>--python-platform</c> (the runtime's manylinux level, never the bare linux triple, which means glibc
/// 2.28 in uv 0.8+), <c>--python-version</c> and <c>--only-binary :all:</c>. Only long flags that every uv
/// from 0.8.0 accepts are used (uv-cli.md §15); a private index is named through <c>UV_INDEX</c> and its
/// credentials go in <c>UV_INDEX_&lt;NAME&gt;_USERNAME/_PASSWORD</c>.
/// </summary>
public sealed class UvStrategy : IBuildStrategy
{
    public ToolKind Tool => ToolKind.Uv;

    public BuildPlan CreatePlan(LayerSettings settings, ExecutionEnvironment environment)
    {

        var repo = environment.RepoDirectory;
        var requirements = environment.Path(repo, "requirements.txt");
        var variables = new Dictionary<string, string>();
        var secrets = new HashSet<string>();
        if (settings.Index is { } index)
        {
            // The index is passed by name so the per-name credential variables apply to it.
            variables["UV_INDEX"] = $"{index.Name}={PlanInputs.DisplayUrl(index.Url)}";
            if (index.HasCredentials)
            {
                variables[$"UV_INDEX_{index.EnvironmentName}_USERNAME"] = index.Username ?? "";
                variables[$"UV_INDEX_{index.EnvironmentName}_PASSWORD"] = index.Password ?? "";
                secrets.Add($"UV_INDEX_{index.EnvironmentName}_PASSWORD");
            }
        }

        var export = new List<string>
        {
            "export", "--frozen", "--no-dev", "--no-emit-project", "--no-editable", "--no-header", "--no-annotate",
            "--format", "requirements.txt", "--output-file", requirements, "--quiet", "--no-progress",
        };
        foreach (var group in settings.Groups)
        {
            export.AddRange(["--group", group]);
        }
        foreach (var extra in settings.Extras)
        {
            export.AddRange(["--extra", extra]);
        }

        var install = new List<string>
        {
            "pip", "install", "--requirements", requirements, "--target", environment.PythonArtifactsDirectory,
            "--python", environment.PythonCommand,
            "--link-mode", "copy", "--no-installer-metadata", "--no-compile-bytecode", "--no-progress",
        };
        if (settings.Mode == BuildMode.CrossPlatform)
        {
            install.AddRange([
                "--python-platform", settings.Runtime.UvPythonPlatform(settings.Architecture),
                "--python-version", settings.Runtime.PythonVersion,
                "--only-binary", ":all:",
            ]);
        }
        install.AddRange(settings.ToolArguments);

        PlanCommand Uv(List<string> arguments, string title) => new("uv", arguments, repo)
        {
            Environment = variables,
            SecretNames = secrets,
            ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
            Title = title,
        };

        return PlanInputs.Plan(settings, environment,
            [
                new PlanFile(settings.PyProjectPath, Path.Combine(settings.Layout.RepoDirectory, "pyproject.toml")),
                new PlanFile(settings.ManifestPath, Path.Combine(settings.Layout.RepoDirectory, "uv.lock")),
            ],
            [
                Uv(export, "uv export of the locked runtime dependencies"),
                Uv(install, "uv pip install into artifacts/python"),
            ],
            requiredTools: ["uv"]);
    }
}
