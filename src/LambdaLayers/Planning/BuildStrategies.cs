using LambdaLayers.Settings;

namespace LambdaLayers.Planning;

/// <summary>The strategy for each tool.</summary>
public static class BuildStrategies
{
    private static readonly IReadOnlyDictionary<ToolKind, IBuildStrategy> ByTool = new Dictionary<ToolKind, IBuildStrategy>
    {
        [ToolKind.Pip] = new PipStrategy(),
        [ToolKind.Poetry] = new PoetryStrategy(),
        [ToolKind.Uv] = new UvStrategy(),
    };

    public static IBuildStrategy For(ToolKind tool) =>
        ByTool.TryGetValue(tool, out var strategy) ? strategy : throw new ArgumentOutOfRangeException(nameof(tool));
}
