using System.Globalization;
using System.Reflection;
using LambdaLayers.Settings;
using Nuke.Common;

namespace LambdaLayers.Nuke;

/// <summary>
/// Turns the values NUKE bound to the <see cref="IHazLayer"/> parameters into supplied settings, each with its
/// true origin and rank. Each [Parameter] member is matched to its table entry by member name, so adding a
/// parameter means adding its declaration and nothing else.
/// </summary>
/// <remarks>
/// NUKE converts a value to the member's type and, when that fails (<c>--retain-dry-run maybe</c>,
/// <c>--reserved-mb lots</c>, two words for one value, a secret it cannot decrypt), logs a warning and leaves the
/// member unset, and it ignores a parameter named by two environment variables. A build that then ran with the
/// default would do something the user did not ask for, so every such case is an error naming the parameter.
/// </remarks>
internal static class NukeParameterValues
{
    /// <summary>The value components whose [Parameter] members come from the table: the layer's and the function's.</summary>
    private static readonly IReadOnlyList<Type> Components = [typeof(IHazLayer), typeof(IHazFunction)];

    private static readonly IReadOnlyList<(LayerParameter Parameter, PropertyInfo Member)> Members =
        Components.SelectMany(component => component.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(member => member.GetCustomAttribute<ParameterAttribute>() is not null)
            .Select(member => (
                LayerParameters.All.SingleOrDefault(p => p.MemberName == member.Name)
                    ?? throw new InvalidOperationException($"{member.DeclaringType!.Name}.{member.Name} has no entry in LayerParameters."),
                member))
            .ToArray();

    public static IReadOnlyList<SuppliedSetting> Of(IHazLayer build)
    {
        var sources = NukeParameterSources.Read(build.RootDirectory);
        var overridden = OverriddenInCode(build);
        var supplied = new List<SuppliedSetting>();
        // A build without the function components has no function parameters: they keep their other sources.
        foreach (var (parameter, member) in Members.Where(m => m.Member.DeclaringType!.IsInstanceOfType(build)))
        {
            // Reading the interface property runs NUKE's injection, or the build's own implementation.
            var values = Text(member.GetValue(build));
            var name = $"NUKE parameter {member.Name}";
            if (overridden.Contains(member.Name))
            {
                if (values is not null)
                {
                    supplied.Add(new SuppliedSetting(parameter.Name, values, $"the build's code, {name}", SettingPrecedence.Explicit));
                }
                continue;
            }

            var found = sources.Find(member.Name);
            if (found.FirstOrDefault(s => s.ConflictingVariables is not null) is { } conflict)
            {
                throw new LayerSettingsException(parameter.Name,
                    $"{parameter.Name} is set by {conflict.Origin}, and NUKE reads none of them when several are set ({name}): keep one.");
            }
            var source = found.FirstOrDefault();
            if (source is null)
            {
                if (values is not null)
                {
                    supplied.Add(new SuppliedSetting(parameter.Name, values, name, SettingPrecedence.Explicit));
                }
                continue;
            }
            if (values is null || (source.Where == NukeParameterSource.Place.CommandLine && parameter.Kind == ParameterKind.List && values.Count == 0))
            {
                throw Unbound(parameter, $"{source.Origin}, {name}", source);
            }
            supplied.Add(new SuppliedSetting(parameter.Name, values, $"{source.Origin}, {name}", source.Precedence));
        }
        return supplied;
    }

    private static IReadOnlyList<string>? Text(object? value) => value switch
    {
        string text => [text],
        string[] list => list,
        bool flag => [flag ? "true" : "false"],
        int number => [number.ToString(CultureInfo.InvariantCulture)],
        _ => null,
    };

    // A build that implements a parameter itself (string? IHazLayer.Runtime => "python3.12") sets it in code;
    // NUKE's sources do not reach that member.
    private static HashSet<string> OverriddenInCode(IHazLayer build)
    {
        var overridden = new HashSet<string>(StringComparer.Ordinal);
        foreach (var component in Components.Where(c => c.IsInstanceOfType(build)))
        {
            var map = build.GetType().GetInterfaceMap(component);
            for (var i = 0; i < map.InterfaceMethods.Length; i++)
            {
                if (map.InterfaceMethods[i].Name.StartsWith("get_", StringComparison.Ordinal) && map.TargetMethods[i].DeclaringType != component)
                {
                    overridden.Add(map.InterfaceMethods[i].Name["get_".Length..]);
                }
            }
        }
        return overridden;
    }

    private static LayerSettingsException Unbound(LayerParameter parameter, string origin, NukeParameterSource source)
    {
        if (parameter.Secret)
        {
            var hint = source.Where == NukeParameterSource.Place.ParametersFile
                ? " (NUKE decrypts it with the parameters file's password, which it reads from PARAMS_KEY or --params-key, or asks for on a terminal): give the right password, or"
                : ":";
            return new LayerSettingsException(parameter.Name,
                $"{parameter.Name} (from {origin}) could not be read by NUKE{hint} set {parameter.EnvironmentVariable} instead.");
        }
        var raw = source.RawValues;
        var given = raw.Count == 0 ? "was given no value" : $"'{string.Join(" ", raw)}' could not be read by NUKE";
        var expected = parameter.Kind switch
        {
            ParameterKind.Flag => "write true or false, or give the flag alone",
            ParameterKind.Number => "write one whole number",
            ParameterKind.List when raw.Count == 0 && source.Where == NukeParameterSource.Place.CommandLine =>
                "NUKE takes a word that starts with '-' for the next parameter, so give such values in .nuke/parameters.json or " + parameter.EnvironmentVariable,
            ParameterKind.List => "give the values as separate words or comma-separated, not both (in .nuke/parameters.json: an array of strings)",
            _ => "give exactly one value (quote a value that holds spaces)",
        };
        return new LayerSettingsException(parameter.Name, $"{parameter.Name} {given} (from {origin}): {expected}.");
    }
}
