namespace Nuke.Common;

/// <summary>Stand-in of NUKE's target delegate: a target is a function that configures its definition.</summary>
public delegate ITargetDefinition Target(ITargetDefinition definition);
