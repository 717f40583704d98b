namespace Nuke.Common;

/// <summary>Stand-in of NUKE's [Parameter]: the member binds from --kebab-name, the environment and .nuke/parameters.json.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string? description = null) : Attribute
{
    public string? Description { get; } = description;
}
