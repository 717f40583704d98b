using LambdaLayers.Projects;
using LambdaLayers.Settings;

namespace LambdaLayers.Planning;

/// <summary>
/// The local path dependencies a function build puts into function.zip beside the project: those of the main
/// dependencies and of the selected groups and extras, per tool (<see cref="LocalDependencyReader"/>). Each must exist
/// and be a wheel, a source archive or a folder with a build backend; a refusal is one <see cref="BuildInputException"/>
/// naming the dependency, where it is declared, the path as written and as resolved against the project.
/// </summary>
/// <remarks>
/// This is the one place the function build asks for path dependencies, so that the layer build's reading of them
/// (the same files, more thoroughly: lock files and path dependencies of path dependencies) can take over here.
/// </remarks>
public static class FunctionPathDependencies
{
    public static IReadOnlyList<LocalDependency> Read(LayerSettings settings, PyProject project)
    {
        var dependencies = settings.Tool switch
        {
            ToolKind.Poetry => LocalDependencyReader.ForPoetry(settings.ProjectDirectory, settings.PyProjectPath, settings.Groups),
            ToolKind.Uv => LocalDependencyReader.ForUv(settings.ProjectDirectory, project, settings.Groups, settings.Extras),
            _ => LocalDependencyReader.ForRequirements(settings.ManifestPath, settings.ProjectDirectory),
        };
        foreach (var dependency in dependencies)
        {
            RequireBuildable(dependency, settings);
        }
        return dependencies;
    }

    /// <summary>
    /// Poetry path dependencies of the groups the build does not select (existing ones only): <c>poetry build</c> still
    /// loads them, so the replica needs their files, though the function does not include them.
    /// </summary>
    public static IReadOnlyList<LocalDependency> OfUnselectedPoetryGroups(LayerSettings settings, PyProject project, IReadOnlyList<LocalDependency> selected)
    {
        var allGroups = (project.Poetry?.Groups.Keys ?? []).Append("dev").ToHashSet(StringComparer.Ordinal);
        var chosen = selected.Select(d => d.ResolvedPath).ToHashSet(StringComparer.Ordinal);
        return LocalDependencyReader.ForPoetry(settings.ProjectDirectory, settings.PyProjectPath, allGroups)
            .Where(d => !chosen.Contains(d.ResolvedPath) && (Directory.Exists(d.ResolvedPath) || File.Exists(d.ResolvedPath)))
            .ToList();
    }

    private static void RequireBuildable(LocalDependency dependency, LayerSettings settings)
    {
        var where = $"The path dependency {dependency.Display} (declared in {dependency.DeclaredIn}, resolved against the project " +
                    $"folder '{settings.ProjectDirectory}' to '{dependency.ResolvedPath}')";
        if (File.Exists(dependency.ResolvedPath))
        {
            return; // a wheel is installed as it is; a source archive is built like a folder
        }
        if (!Directory.Exists(dependency.ResolvedPath))
        {
            throw new BuildInputException(dependency.Name ?? dependency.WrittenPath,
                $"{where} does not exist. Fix the path in {dependency.DeclaredIn.Split(' ')[0]} (it is relative to the folder holding it), " +
                "or check out the dependency there.");
        }
        if (!File.Exists(Path.Combine(dependency.ResolvedPath, "pyproject.toml")) && !File.Exists(Path.Combine(dependency.ResolvedPath, "setup.py")))
        {
            throw new BuildInputException(dependency.Name ?? dependency.WrittenPath,
                $"{where} is a folder without pyproject.toml or setup.py, so no build backend can make a wheel of it. " +
                "Point the dependency at the Python project's folder, or at a built wheel.");
        }
    }
}
