using System.Text.Json;
using LambdaLayers.FileSystem;
using LambdaLayers.Projects;
using LambdaLayers.Settings;

namespace LambdaLayers.Planning;

/// <summary>
/// Where a build puts the project's path dependencies, and the plan steps that use them. Relative paths
/// must mean in the build what they mean in the project, so the build's copy of the project is not
/// <c>repo/</c> itself but a place inside a small replica of the neighbourhood: with <c>../mylib</c> the
/// project's copy is <c>repo/tree/app/</c> and mylib's is <c>repo/tree/mylib/</c>. Each dependency is
/// copied there (minus what <see cref="PathDependencyFiles"/> leaves out), built into a wheel through its
/// own backend, and installed from that wheel, never editable. In a container the dependencies outside
/// the project are mounted read-only and copied from the mount. Without path dependencies nothing
/// changes: the copy of the project is <c>repo/</c> and no step is added.
/// </summary>
internal sealed class PathDependencyStaging
{
    /// <summary>Where the container sees the path dependencies that lie outside the project.</summary>
    public const string ContainerMountRoot = "/mnt/path-dependencies";

    private readonly LayerSettings _settings;
    private readonly ExecutionEnvironment _environment;
    private readonly List<(PathDependency Dependency, string Source, string Position, IReadOnlyList<string> Excluded)> _placed = [];
    private readonly List<ContainerMount> _mounts = [];

    private PathDependencyStaging(LayerSettings settings, ExecutionEnvironment environment, IReadOnlyList<PathDependency> dependencies)
    {
        _settings = settings;
        _environment = environment;
        Dependencies = dependencies;
        var layout = settings.Layout;
        var placed = dependencies.Where(d => d.Placed).ToList();
        if (placed.Count == 0)
        {
            ProjectCopy = environment.RepoDirectory;
            HostProjectCopy = layout.RepoDirectory;
            return;
        }

        // The replica's root stands for the project's ancestor as many levels up as the farthest "..".
        var anchor = layout.ProjectDirectory;
        foreach (var dependency in placed)
        {
            var relative = Path.GetRelativePath(layout.ProjectDirectory, dependency.ResolvedPath);
            if (Path.IsPathRooted(relative))
            {
                throw new BuildInputException(dependency.Name ?? dependency.WrittenPath,
                    $"{PathDependencyInputs.Describe(dependency, settings)} is on another drive than the project, so the build cannot place it " +
                    "where its path points from a copy of the project. Move it onto the project's drive.");
            }
            while (!RealPath.IsInside(dependency.ResolvedPath, anchor) && Path.GetDirectoryName(anchor) is { } parent)
            {
                anchor = parent;
            }
        }
        var hostRoot = Path.Combine(layout.RepoDirectory, "tree");
        var root = environment.Path(environment.RepoDirectory, "tree");
        HostProjectCopy = Under(hostRoot, Path.GetRelativePath(anchor, layout.ProjectDirectory), host: true);
        ProjectCopy = Under(root, Path.GetRelativePath(anchor, layout.ProjectDirectory), host: !environment.IsContainer);

        var realProject = RealPath.Resolve(layout.ProjectDirectory);
        foreach (var dependency in placed)
        {
            var position = Under(root, Path.GetRelativePath(anchor, dependency.ResolvedPath), host: !environment.IsContainer);
            if (_placed.Any(p => p.Position == position))
            {
                continue; // the same path declared twice (a requirements file listing it in two spellings)
            }
            var real = RealPath.Resolve(dependency.ResolvedPath);
            string source;
            if (!environment.IsContainer)
            {
                source = dependency.ResolvedPath;
            }
            else if (RealPath.IsInside(real, realProject))
            {
                source = Under(ExecutionEnvironment.ContainerProjectDirectory, Path.GetRelativePath(realProject, real), host: false);
            }
            else
            {
                var target = $"{ContainerMountRoot}/{_mounts.Count + 1}";
                if (File.Exists(real))
                {
                    target += "/" + Path.GetFileName(real);
                }
                _mounts.Add(new ContainerMount(real, target));
                source = target;
            }
            var excluded = File.Exists(real) ? [] : PathDependencyFiles.ExcludedPaths(real, layout);
            _placed.Add((dependency, source, position, excluded));
        }
    }

    public static PathDependencyStaging For(LayerSettings settings, ExecutionEnvironment environment, IReadOnlyList<PathDependency> dependencies) =>
        new(settings, environment, dependencies);

    public IReadOnlyList<PathDependency> Dependencies { get; }

    /// <summary>The build's copy of the project, in the execution environment's paths: where the manifests go and the tools run.</summary>
    public string ProjectCopy { get; }

    /// <summary>The same folder on the host (the plan's files are copied on the host).</summary>
    public string HostProjectCopy { get; }

    /// <summary>The read-only mounts a container build needs for dependencies outside the project.</summary>
    public IReadOnlyList<ContainerMount> Mounts => _mounts;

    /// <summary>The dependencies built into wheels: installed folders and source archives.</summary>
    private IEnumerable<(PathDependency Dependency, string Position, int Index)> Built =>
        _placed.Select((p, i) => (p.Dependency, p.Position, Index: i + 1))
            .Where(p => p.Dependency is { Installed: true, Virtual: false, Kind: not PathDependencyKind.Wheel });

    /// <summary>The one step that copies every placed dependency into the replica; null when there is none.</summary>
    public PlanCommand? CopyCommand()
    {
        if (_placed.Count == 0)
        {
            return null;
        }
        var spec = JsonSerializer.Serialize(new
        {
            names = PathDependencyFiles.AnywhereNames,
            suffixes = PathDependencyFiles.AnywhereSuffixes,
            top = PathDependencyFiles.TopLevelNames,
            copies = _placed.Select(p => new { source = p.Source, destination = p.Position, excluded = p.Excluded }),
        });
        var names = string.Join(", ", _placed.Select(p => p.Dependency.Name ?? p.Dependency.WrittenPath));
        return new PlanCommand(_environment.PythonCommand, ["-c", PythonSnippets.CopyPathDependencies, spec], _environment.RepoDirectory)
        {
            ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
            Title = $"copy the path dependencies ({names}) next to the project's copy",
        };
    }

    /// <summary>
    /// <c>python -m pip wheel --no-deps</c> for each dependency to build, into its own folder under
    /// <c>repo/wheels/</c>; in cross-platform mode each followed by the check that the wheel is pure Python.
    /// </summary>
    public IEnumerable<PlanCommand> WheelCommands()
    {
        var (variables, secrets) = PipStrategy.IndexVariables(_settings);
        foreach (var (dependency, position, index) in Built)
        {
            var wheels = WheelDirectory(index);
            yield return new PlanCommand(_environment.PythonCommand,
                ["-m", "pip", "wheel", "--no-deps", "--no-input", "--disable-pip-version-check", "--wheel-dir", wheels, position],
                _environment.RepoDirectory)
            {
                Environment = variables,
                SecretNames = secrets,
                ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
                Title = $"build path dependency {dependency.Display} into a wheel",
                FailureAdvice = BackendAdvice(dependency),
            };
            if (_settings.Mode == BuildMode.CrossPlatform)
            {
                yield return new PlanCommand(_environment.PythonCommand, ["-c", PythonSnippets.CheckPureWheel, wheels, dependency.Display], _environment.RepoDirectory)
                {
                    ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
                    Title = $"check that path dependency {dependency.Display} is pure Python",
                    FailureAdvice = $"{PathDependencyInputs.Describe(dependency, _settings)} builds a wheel with native code, which a cross-platform " +
                                    "build cannot make for Lambda. Build with --mode container, or point the dependency at a prebuilt manylinux wheel.",
                };
            }
        }
    }

    /// <summary>
    /// Poetry (local and container): each dependency to build installed into the venv by pip, from its copy
    /// and not editable, before <c>poetry install</c> runs. Poetry then finds it installed at the locked
    /// version from the locked folder and leaves it alone, so it never needs the network to build it (Poetry
    /// 1.x runs pip with <c>--isolated</c>, deaf to any index setting) and never installs it editable.
    /// </summary>
    public IEnumerable<PlanCommand> PoetryPreinstallCommands(string venvPython)
    {
        var (variables, secrets) = PipStrategy.IndexVariables(_settings);
        foreach (var (dependency, position, _) in Built)
        {
            // Poetry compares the installed source with the lock's path resolved through links, so pip is given that form.
            var source = _environment.IsContainer ? position : RealPath.Resolve(position);
            yield return new PlanCommand(venvPython,
                ["-m", "pip", "install", "--no-deps", "--no-input", "--disable-pip-version-check", source], ProjectCopy)
            {
                Environment = variables,
                SecretNames = secrets,
                ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
                Title = $"build and install path dependency {dependency.Display} into the venv (not editable)",
                FailureAdvice = BackendAdvice(dependency),
            };
        }
    }

    /// <summary>
    /// The step that points every path requirement of <paramref name="requirementsFile"/> at the wheel built
    /// for it (or at the copied wheel file); null without installed path dependencies.
    /// </summary>
    public PlanCommand? RewriteCommand(string requirementsFile)
    {
        var map = new Dictionary<string, object>(StringComparer.Ordinal);
        var builtIndex = Built.ToDictionary(b => b.Position, b => b.Index);
        foreach (var (dependency, _, position, _) in _placed.Where(p => p.Dependency is { Installed: true, Virtual: false }))
        {
            object target = builtIndex.TryGetValue(position, out var index)
                ? new Dictionary<string, string> { ["wheels"] = WheelDirectory(index) }
                : new Dictionary<string, string> { ["file"] = position };
            map[position] = target;
            if (dependency.WrittenAbsolute)
            {
                map[dependency.ResolvedPath] = target;
            }
        }
        if (map.Count == 0)
        {
            return null;
        }
        return new PlanCommand(_environment.PythonCommand,
            ["-c", PythonSnippets.RewritePathRequirements, requirementsFile, ProjectCopy, JsonSerializer.Serialize(map),
             JsonSerializer.Serialize(PathDependency.SourceArchiveExtensions)],
            ProjectCopy)
        {
            ClearedEnvironmentPrefixes = PlanInputs.ForeignToolVariables,
            Title = "point the path requirements at the wheels built for them",
        };
    }

    /// <summary>The plan with the container part carrying this staging's mounts (unchanged on the host).</summary>
    public BuildPlan WithMounts(BuildPlan plan) =>
        plan.Container is null || _mounts.Count == 0 ? plan : plan with { Container = plan.Container with { Mounts = [.. plan.Container.Mounts, .. _mounts] } };

    private string WheelDirectory(int index) => _environment.Path(_environment.RepoDirectory, "wheels", index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private string BackendAdvice(PathDependency dependency) =>
        $"{PathDependencyInputs.Describe(dependency, _settings)} could not be built into a wheel by its build backend (its output is below). " +
        $"Make `pip wheel {dependency.ResolvedPath}` work (the backend named in its pyproject.toml [build-system] must be installable " +
        "from the index this build uses), or point the dependency at a built wheel.";

    // A relative path joined under a root, '.' and empty parts skipped; '/' in a container.
    private static string Under(string root, string relative, bool host)
    {
        var parts = relative.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        if (parts.Length == 0)
        {
            return root;
        }
        return host ? Path.Combine([root, .. parts]) : root.TrimEnd('/') + "/" + string.Join('/', parts);
    }
}
