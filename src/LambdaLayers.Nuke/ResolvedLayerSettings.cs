using System.Runtime.CompilerServices;
using LambdaLayers.Settings;

namespace LambdaLayers.Nuke;

/// <summary>
/// The settings of each build instance, resolved once. An interface cannot hold state, and PublishLayer runs
/// three targets that all read <see cref="IHazLayer.LayerSettings"/>: without this they would read
/// pyproject.toml, .nuke/parameters.json and the environment three times and could see different values.
/// The first read happens when the first layer target runs, after the targets it depends on.
/// </summary>
internal static class ResolvedLayerSettings
{
    private static readonly ConditionalWeakTable<IHazLayer, LayerSettings> Cache = new();

    public static LayerSettings Of(IHazLayer layer, Func<LayerSettings> resolve) =>
        Cache.GetValue(layer, _ => resolve());
}
