using LambdaLayers.Settings;

namespace LambdaLayers.Planning;

/// <summary>
/// Turns settings into a <see cref="BuildPlan"/> for one tool. The same method serves the host and the
/// container: every path in the plan's commands is written for <paramref name="environment"/>.
/// Strategies run nothing; they throw <see cref="BuildInputException"/> when the inputs cannot work.
/// </summary>
public interface IBuildStrategy
{
    ToolKind Tool { get; }

    BuildPlan CreatePlan(LayerSettings settings, ExecutionEnvironment environment);
}
