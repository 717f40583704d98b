using System.Reflection;
using LambdaLayers.Nuke;
using LambdaLayers.Settings;
using Nuke.Common;
using Assert = Xunit.Assert;

namespace LambdaLayers.Tests.Frontends;

/// <summary>The component's parameter declarations against the parameter table and against NUKE's own parameters.</summary>
public sealed class NukeParameterDeclarationTests
{
    // The layer's parameters on IHazLayer, the function code's three on IHazFunction (reflection lists an interface's own members only).
    private static readonly Dictionary<string, PropertyInfo> LayerMembers = typeof(IHazLayer).GetProperties()
        .Concat(typeof(IHazFunction).GetProperties())
        .Where(p => p.GetCustomAttribute<ParameterAttribute>() is not null)
        .ToDictionary(p => p.Name);

    [Fact]
    public void Every_parameter_of_the_table_is_a_nuke_parameter_of_its_member_name_and_kind()
    {
        var expected = LayerParameters.All.Where(p => !p.FrontEndOnly).Select(p => p.MemberName).Order();
        Assert.Equal(expected, LayerMembers.Keys.Order());
        foreach (var parameter in LayerParameters.All.Where(p => !p.FrontEndOnly))
        {
            var member = LayerMembers[parameter.MemberName];
            var expectedType = parameter.Kind switch
            {
                ParameterKind.List => typeof(string[]),
                ParameterKind.Flag => typeof(bool?),
                ParameterKind.Number => typeof(int?),
                _ => typeof(string),
            };
            Assert.True(member.PropertyType == expectedType, $"{member.Name} is {member.PropertyType.Name}, expected {expectedType.Name}");
            Assert.Equal(parameter.Secret, member.GetCustomAttribute<SecretAttribute>() is not null);
            Assert.Null(member.GetCustomAttribute<ParameterAttribute>()!.Name);
        }
    }

    [Fact]
    public void No_layer_parameter_has_the_name_of_a_parameter_nuke_declares_itself()
    {
        // NUKE's own parameters, read from NukeBuild as NUKE names them (ParameterAttribute.Name, else the member).
        var nukeOwn = typeof(NukeBuild)
            .GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .Select(m => (Member: m, Attribute: m.GetCustomAttribute<ParameterAttribute>()))
            .Where(m => m.Attribute is not null)
            .Select(m => m.Attribute!.Name ?? m.Member.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Superset(new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Root", "Target", "Skip", "Profile", "Verbosity", "Host", "Plan", "Help", "NoLogo", "Continue", "Partition" }, nukeOwn);
        Assert.DoesNotContain(LayerMembers.Keys, nukeOwn.Contains);
    }
}
