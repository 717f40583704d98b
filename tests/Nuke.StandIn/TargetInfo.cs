namespace Nuke.Common;

/// <summary>A discovered target of the stand-in: name, description, dependencies by name, and its body.</summary>
public sealed record TargetInfo(string Name, string? Description, IReadOnlyList<string> DependsOn, Action Run);
