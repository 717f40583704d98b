namespace Nuke.Common;

/// <summary>Stand-in of NUKE's [Secret]: the parameter's value is masked in NUKE's output.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
