using System.Globalization;
using System.Reflection;
using LambdaLayers.Settings;
using Nuke.Common;

namespace LambdaLayers.Nuke;

/// <summary>
/// Collects the NUKE parameters that are set into the explicit values of settings resolution, keyed by the
/// parameter table's names. Unset parameters are left out, so pyproject.toml and the environment still apply.
/// Each [Parameter] member of <see cref="IHazLayer"/> is matched to its table entry by member name, so adding
/// a parameter means adding its declaration and nothing else.
/// </summary>
internal static class BoundLayerParameters
{
    private static readonly IReadOnlyList<(LayerParameter Parameter, PropertyInfo Member)> Members =
        typeof(IHazLayer).GetProperties()
            .Where(member => member.GetCustomAttribute<ParameterAttribute>() is not null)
            .Select(member => (
                LayerParameters.All.SingleOrDefault(p => p.MemberName == member.Name)
                    ?? throw new InvalidOperationException($"IHazLayer.{member.Name} has no entry in LayerParameters."),
                member))
            .ToArray();

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Of(IHazLayer layer)
    {
        var values = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (parameter, member) in Members)
        {
            // Reading the interface property runs the build's own implementation when it overrides one.
            IReadOnlyList<string>? value = member.GetValue(layer) switch
            {
                string text => [text],
                string[] list => list,
                bool flag => [flag ? "true" : "false"],
                int number => [number.ToString(CultureInfo.InvariantCulture)],
                _ => null,
            };
            if (value is not null)
            {
                values[parameter.Name] = value;
            }
        }
        return values;
    }
}
