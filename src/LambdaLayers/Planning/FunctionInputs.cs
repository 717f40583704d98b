using LambdaLayers.FileSystem;
using LambdaLayers.Projects;
using LambdaLayers.Settings;

namespace LambdaLayers.Planning;

/// <summary>
/// What a function build is made of, read and checked before anything is touched: the project's build backend (a
/// project without one, or a Poetry project in <c>package-mode = false</c>, is refused), its path dependencies, and
/// where the build's copy of them goes. Relative paths must mean in the copy what they mean in the project (Poetry
/// refuses a pyproject.toml whose path dependencies are missing), so the copy is a small replica of the
/// neighbourhood: with <c>../shared</c> the project's copy is <c>source/app/</c> and shared's <c>source/shared/</c>.
/// Which files are copied is <see cref="ProjectSourceFiles"/>'s rule, the same one the fingerprint hashes.
/// </summary>
public sealed class FunctionInputs
{
    private FunctionInputs(LayerSettings settings, PyProject project, string backend, bool buildsWithPoetry, IReadOnlyList<LocalDependency> dependencies,
        IReadOnlyList<LocalDependency> replicaOnly)
    {
        Settings = settings;
        Project = project;
        Backend = backend;
        BuildsWithPoetry = buildsWithPoetry;
        PathDependencies = dependencies;
        ReplicaOnlyDependencies = replicaOnly;
        Layout = settings.FunctionLayout;
        OwnBuildFolders = [settings.Layout.BuildDirectory, settings.Layout.ScratchDirectory, Layout.BuildDirectory];

        var anchor = settings.ProjectDirectory;
        foreach (var dependency in dependencies.Concat(replicaOnly))
        {
            if (Path.IsPathRooted(Path.GetRelativePath(settings.ProjectDirectory, dependency.ResolvedPath)))
            {
                throw new BuildInputException(dependency.Name ?? dependency.WrittenPath,
                    $"The path dependency {dependency.Display} ({dependency.DeclaredIn}) is on another drive than the project, so the build " +
                    "cannot place its copy where the path points from the project's copy. Move it onto the project's drive.");
            }
            while (!RealPath.IsInside(dependency.ResolvedPath, anchor) && Path.GetDirectoryName(anchor) is { } parent)
            {
                anchor = parent;
            }
        }
        Anchor = anchor;
    }

    public LayerSettings Settings { get; }

    /// <summary>
    /// The settings with the function's folder as the build folder: what the executors, the layer's install plans
    /// (for <c>--bundle-dependencies</c>) and the packaging stage read, so they work in <c>build/lambda/function</c>.
    /// </summary>
    public LayerSettings BuildSettings => Settings with { BuildDirectory = Layout.BuildDirectory };

    public PyProject Project { get; }

    /// <summary>"setuptools.build_meta", "poetry build (poetry.core.masonry.api)": how the log and the summary name the backend.</summary>
    public string Backend { get; }

    /// <summary>True when the project is built with <c>poetry build</c> rather than a PEP 517 frontend (pip, uv).</summary>
    public bool BuildsWithPoetry { get; }

    public IReadOnlyList<LocalDependency> PathDependencies { get; }

    /// <summary>
    /// Path dependencies of groups this build does not select: not built or installed, but copied into the replica,
    /// because <c>poetry build</c> reads every group and refuses a project whose path dependency is missing.
    /// </summary>
    public IReadOnlyList<LocalDependency> ReplicaOnlyDependencies { get; }

    public FunctionLayout Layout { get; }

    /// <summary>This tool's build folders, never copied or hashed as sources.</summary>
    public IReadOnlyList<string> OwnBuildFolders { get; }

    /// <summary>The folder the replica under <c>source/</c> stands for: the project's, or the nearest one holding every path dependency too.</summary>
    public string Anchor { get; }

    /// <summary>Reads and checks the inputs of a function build of <paramref name="settings"/>; every refusal is a <see cref="BuildInputException"/>.</summary>
    public static FunctionInputs Read(LayerSettings settings)
    {
        var project = PyProjectReader.Read(settings.PyProjectPath);
        var (backend, poetry) = FindBackend(settings, project);
        if (settings.BundleDependencies)
        {
            ManifestFiles.Require(settings);
        }
        var dependencies = FunctionPathDependencies.Read(settings, project);
        return new FunctionInputs(settings, project, backend, poetry, dependencies,
            poetry ? FunctionPathDependencies.OfUnselectedPoetryGroups(settings, project, dependencies) : []);
    }

    /// <summary>The relative path parts from the replica's root to <paramref name="folder"/>.</summary>
    public IReadOnlyList<string> PartsFromAnchor(string folder) =>
        Path.GetRelativePath(Anchor, folder).Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();

    /// <summary>The host copies that make the replica: the project's files and each path dependency's (a wheel or archive as its one file).</summary>
    public IReadOnlyList<PlanFile> SourceCopies()
    {
        var copies = new Dictionary<string, PlanFile>(StringComparer.Ordinal);
        void Add(string source, string destination) => copies.TryAdd(destination, new PlanFile(source, destination));
        var root = Layout.SourceDirectory;
        foreach (var folder in PathDependencies.Concat(ReplicaOnlyDependencies).Select(d => d.ResolvedPath).Prepend(Settings.ProjectDirectory))
        {
            var place = Path.Combine([root, .. PartsFromAnchor(folder)]);
            if (File.Exists(folder))
            {
                Add(folder, place);
                continue;
            }
            foreach (var (source, relative) in ProjectSourceFiles.Files(folder, OwnBuildFolders))
            {
                Add(source, Path.Combine([place, .. relative.Split('/')]));
            }
        }
        return [.. copies.Values.OrderBy(c => c.Destination, StringComparer.Ordinal)];
    }

    private static (string Backend, bool Poetry) FindBackend(LayerSettings settings, PyProject project)
    {
        var declared = project.BuildSystem?.Backend;
        if (settings.Tool == ToolKind.Poetry)
        {
            if (project.Poetry is { PackageMode: false })
            {
                throw new BuildInputException("build-system",
                    $"'{project.Path}' sets package-mode = false in [tool.poetry]: Poetry manages its dependencies only and builds no package, " +
                    "so there is no function code to build. Remove package-mode = false (and name the packages in [tool.poetry] packages), " +
                    "then run PackageFunction again.");
            }
            if (project.Poetry is null && declared?.StartsWith("poetry.core", StringComparison.Ordinal) != true)
            {
                throw new BuildInputException("build-system",
                    $"'{project.Path}' has no build backend for Poetry: `poetry build` needs a [tool.poetry] table (or, with Poetry 2, " +
                    "[build-system] build-backend = \"poetry.core.masonry.api\"). Add one, or choose --tool pip or --tool uv for a project " +
                    "built by another backend.");
            }
            return ($"poetry build ({declared ?? "poetry-core"})", true);
        }
        if (declared is not null)
        {
            return (declared, false);
        }
        if (File.Exists(Path.Combine(settings.ProjectDirectory, "setup.py")))
        {
            return (BuildSystem.LegacySetuptoolsBackend, false);
        }
        throw new BuildInputException("build-system",
            $"'{project.Path}' names no build backend, so the project cannot be built into a wheel for the function: add a [build-system] " +
            "table, for example\n  [build-system]\n  requires = [\"setuptools>=61\"]\n  build-backend = \"setuptools.build_meta\"\n" +
            "(or hatchling, flit-core, pdm-backend, poetry-core, uv_build), then run PackageFunction again.");
    }
}
