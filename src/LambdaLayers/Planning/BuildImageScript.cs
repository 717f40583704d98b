using LambdaLayers.Settings;

namespace LambdaLayers.Planning;

/// <summary>
/// The plan that runs one of this tool's own Python scripts with the build image's <c>python3</c> (isolated:
/// <c>-I -S -B</c>), for the checks that must see the runtime's own interpreter in container mode: the import smoke
/// test and the bytecode compiler. Paths are the container's.
/// </summary>
public static class BuildImageScript
{
    public static BuildPlan Plan(LayerSettings settings, string title, IReadOnlyList<string> containerArguments)
    {
        var environment = ExecutionEnvironment.ForContainer(settings);
        return new BuildPlan(settings.Tool, [],
        [
            new PlanCommand("python3", ["-I", "-S", "-B", .. containerArguments], environment.ProjectDirectory) { Title = title },
        ])
        {
            Mode = settings.Mode,
            TargetDescription = $"{settings.Runtime.Name} on {settings.Architecture.Name}",
            Container = environment.Container,
        };
    }
}
