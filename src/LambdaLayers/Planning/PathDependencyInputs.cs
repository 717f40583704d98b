using LambdaLayers.FileSystem;
using LambdaLayers.Projects;
using LambdaLayers.Settings;
using Tomlyn.Model;

namespace LambdaLayers.Planning;

/// <summary>
/// The project's path dependencies for these settings, checked before anything runs: each one the build
/// places must exist, each one it installs must be buildable (a wheel, a source archive, or a folder with a
/// build backend), and in cross-platform mode must not need a compiler. Every refusal is one
/// <see cref="BuildInputException"/> naming the dependency, the path as written and as resolved, and what to do.
/// </summary>
public static class PathDependencyInputs
{
    /// <summary>Build backends that compile native code (PEP 517 <c>build-backend</c> prefixes).</summary>
    private static readonly IReadOnlyList<string> NativeBackends =
        ["maturin", "scikit_build_core", "mesonpy", "py_build_cmake", "enscons", "sipbuild", "cmeel", "pyo3"];

    /// <summary>Build requirements that only a package with native code needs.</summary>
    private static readonly IReadOnlyList<string> NativeBuildRequirements =
        ["cython", "setuptools-rust", "pybind11", "nanobind", "cffi", "scikit-build", "scikit-build-core", "meson-python", "maturin", "cmake", "ninja"];

    /// <summary>What in a setup.py declares compiled extensions.</summary>
    private static readonly IReadOnlyList<string> NativeSetupPyWords =
        ["ext_modules", "Extension(", "cythonize", "rust_extensions", "cffi_modules", "CMakeExtension"];

    /// <summary>Source files a pure-Python package does not carry.</summary>
    private static readonly IReadOnlyList<string> NativeSourceExtensions =
        [".c", ".cc", ".cpp", ".cxx", ".h", ".hpp", ".pyx", ".pxd", ".rs", ".f90", ".cu"];

    /// <summary>
    /// The path dependencies of the settings' project for its tool, each placed one checked to exist. Reading
    /// them costs a look at the manifest (and pyproject.toml for Poetry); lock files are parsed only when
    /// they mention a local source.
    /// </summary>
    public static IReadOnlyList<PathDependency> Read(LayerSettings settings)
    {
        IReadOnlyList<PathDependency> dependencies = settings.Tool switch
        {
            ToolKind.Pip => File.Exists(settings.ManifestPath)
                ? PathDependencyReader.ForRequirements(settings.ManifestPath, settings.ProjectDirectory)
                : [],
            ToolKind.Poetry => PathDependencyReader.ForPoetry(settings.ProjectDirectory, settings.PyProjectPath, settings.ManifestPath, settings.Groups, settings.Extras),
            ToolKind.Uv => PathDependencyReader.ForUv(settings.ProjectDirectory, settings.PyProjectPath, settings.ManifestPath, settings.Groups, settings.Extras),
            _ => [],
        };
        foreach (var dependency in dependencies.Where(d => d.Placed))
        {
            RequirePresent(dependency, settings);
        }
        return dependencies;
    }

    /// <summary>
    /// Checks that every installed dependency can be built for this build: a folder has a build backend, a
    /// Poetry path is relative, and in cross-platform mode nothing needs a compiler and a wheel fits the target.
    /// </summary>
    public static void CheckBuildable(LayerSettings settings, IReadOnlyList<PathDependency> dependencies)
    {
        foreach (var dependency in dependencies)
        {
            if (settings.Tool == ToolKind.Poetry && dependency.WrittenAbsolute && dependency.Placed)
            {
                throw Refuse(dependency, settings,
                    "is written as an absolute path. Poetry reads path dependencies from the path written in pyproject.toml, and the build " +
                    "works in a copy of the project where only relative paths can be made to point at the same files. Write it relative " +
                    "to the project folder (for example path = \"" + RelativeSpelling(dependency, settings) + "\") and run `poetry lock`.");
            }
            if (!dependency.Installed || dependency.Virtual)
            {
                continue;
            }
            switch (dependency.Kind)
            {
                case PathDependencyKind.Directory:
                    var reason = MissingBackend(dependency) ?? (settings.Mode == BuildMode.CrossPlatform ? NativeCode(dependency, settings) : null);
                    if (reason is not null)
                    {
                        throw Refuse(dependency, settings, reason);
                    }
                    break;
                case PathDependencyKind.Wheel when settings.Mode == BuildMode.CrossPlatform && !WheelFits(Path.GetFileName(dependency.ResolvedPath), settings):
                    throw Refuse(dependency, settings,
                        $"is a wheel built for another platform ({Path.GetFileName(dependency.ResolvedPath)}): a cross-platform build for " +
                        $"{PlanInputs.TargetDescription(settings)} installs only pure-Python wheels or manylinux wheels for " +
                        $"{settings.Runtime.AbiTag} up to glibc 2.{settings.Runtime.GlibcMinor}. Point it at such a wheel, or build with --mode container.");
            }
        }
    }

    /// <summary>"The path dependency 'mylib' ('../mylib', declared in …, resolved against the project folder to '/abs/mylib') {reason}"</summary>
    public static string Describe(PathDependency dependency, LayerSettings settings) =>
        $"The path dependency {dependency.Display} (declared in {dependency.DeclaredIn}; " +
        (dependency.WrittenAbsolute ? "" : $"resolved against the project folder {settings.ProjectDirectory} ") +
        $"to '{dependency.ResolvedPath}')";

    private static BuildInputException Refuse(PathDependency dependency, LayerSettings settings, string reason) =>
        new(dependency.Name ?? dependency.WrittenPath, $"{Describe(dependency, settings)} {reason}");

    private static void RequirePresent(PathDependency dependency, LayerSettings settings)
    {
        var path = dependency.ResolvedPath;
        var present = dependency.Kind == PathDependencyKind.Directory ? Directory.Exists(path) : File.Exists(path);
        if (present)
        {
            return;
        }
        var what = dependency.Kind switch
        {
            PathDependencyKind.Wheel => "a wheel file",
            PathDependencyKind.SourceArchive => "a source archive",
            _ => "a project folder",
        };
        var there = File.Exists(path) || Directory.Exists(path)
            ? $"but that is not {what}"
            : "but nothing is there";
        throw Refuse(dependency, settings,
            $"should be {what}, {there}. Relative paths are resolved against the project folder, as the tools do when run there: " +
            $"fix the path in {DeclaredFile(dependency)} (then re-lock, for Poetry and uv), or check out the dependency at that place.");
    }

    private static string DeclaredFile(PathDependency dependency) => dependency.DeclaredIn.Split(' ')[0];

    // The brief rule of pip and the build frontends: a folder is buildable with a pyproject.toml that names a
    // [build-system], or with a setup.py (setuptools' legacy entry point).
    private static string? MissingBackend(PathDependency dependency)
    {
        var folder = dependency.ResolvedPath;
        if (File.Exists(Path.Combine(folder, "setup.py")))
        {
            return null;
        }
        var pyproject = Path.Combine(folder, "pyproject.toml");
        if (File.Exists(pyproject) && PyProjectToml.ReadFile(pyproject).ContainsKey("build-system"))
        {
            return null;
        }
        return "is a folder without a build backend: it has " +
               (File.Exists(pyproject) ? "a pyproject.toml without a [build-system] table" : "no pyproject.toml") +
               " and no setup.py, so it cannot be built into a wheel. Give it a [build-system] table (for example requires = " +
               "[\"setuptools>=61\"] and build-backend = \"setuptools.build_meta\"), or point the dependency at a built wheel.";
    }

    private static string? NativeCode(PathDependency dependency, LayerSettings settings)
    {
        var folder = dependency.ResolvedPath;
        var evidence = NativeEvidence(folder, settings.Layout);
        return evidence is null
            ? null
            : $"contains native code ({evidence}): a cross-platform build only installs prebuilt wheels and cannot compile it for " +
              $"{PlanInputs.TargetDescription(settings)}. Build with --mode container, or point the dependency at a prebuilt manylinux wheel.";
    }

    /// <summary>Why a folder looks like it compiles native code, or null when nothing says so.</summary>
    internal static string? NativeEvidence(string folder, LayerLayout layout)
    {
        var pyproject = Path.Combine(folder, "pyproject.toml");
        if (File.Exists(pyproject))
        {
            var buildSystem = PyProjectToml.ReadFile(pyproject).TryGetValue("build-system", out var b) ? b as TomlTable : null;
            if (buildSystem?.TryGetValue("build-backend", out var backend) == true && backend is string name &&
                NativeBackends.FirstOrDefault(n => name.StartsWith(n, StringComparison.Ordinal)) is { } native)
            {
                return $"its build backend is {name}";
            }
            if (buildSystem?.TryGetValue("requires", out var requires) == true && requires is TomlArray list)
            {
                foreach (var requirement in list.OfType<string>())
                {
                    var requirementName = new string(requirement.TrimStart().TakeWhile(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').ToArray());
                    var normalized = requirementName.ToLowerInvariant().Replace('_', '-');
                    if (NativeBuildRequirements.Contains(normalized))
                    {
                        return $"its build requires {requirementName}";
                    }
                }
            }
        }
        var setupPy = Path.Combine(folder, "setup.py");
        if (File.Exists(setupPy))
        {
            var text = RegularFile.ReadAllText(setupPy);
            if (NativeSetupPyWords.FirstOrDefault(w => text.Contains(w, StringComparison.Ordinal)) is { } word)
            {
                return $"its setup.py uses {word.TrimEnd('(')}";
            }
        }
        var source = PathDependencyFiles.Entries(folder, layout)
            .FirstOrDefault(e => NativeSourceExtensions.Any(x => e.EndsWith(x, StringComparison.OrdinalIgnoreCase)) ||
                                 e.EndsWith("Cargo.toml", StringComparison.Ordinal));
        return source is null ? null : $"it has the source file {source}";
    }

    // A wheel file name's tag sets (py2.py3-none-any) checked against the runtime: pure, abi3 or the
    // runtime's own ABI, for any or a manylinux platform the runtime's glibc runs.
    internal static bool WheelFits(string fileName, LayerSettings settings)
    {
        var parts = Path.GetFileNameWithoutExtension(fileName).Split('-');
        if (parts.Length < 5)
        {
            return false;
        }
        var (pythons, abis, platforms) = (parts[^3].Split('.'), parts[^2].Split('.'), parts[^1].Split('.'));
        var runtimeMinor = settings.Runtime.PythonMinor;
        var platformFits = platforms.Any(p => p == "any" || settings.Runtime.ManylinuxTags(settings.Architecture).Contains(p));
        var abiFits = abis.Any(a => a is "none" or "abi3" || a == settings.Runtime.AbiTag);
        var pythonFits = pythons.Any(p =>
            p is "py3" ||
            (p.StartsWith("py3", StringComparison.Ordinal) && int.TryParse(p[3..], out var py) && py <= runtimeMinor) ||
            (p.StartsWith("cp3", StringComparison.Ordinal) && int.TryParse(p[3..], out var cp) &&
             (cp == runtimeMinor || (cp < runtimeMinor && abis.Contains("abi3")))));
        return platformFits && abiFits && pythonFits;
    }

    private static string RelativeSpelling(PathDependency dependency, LayerSettings settings) =>
        Path.GetRelativePath(settings.ProjectDirectory, dependency.ResolvedPath).Replace('\\', '/');
}
