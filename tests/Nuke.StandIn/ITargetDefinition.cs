namespace Nuke.Common;

/// <summary>Stand-in of the part of NUKE's target definition API the components use.</summary>
public interface ITargetDefinition
{
    ITargetDefinition Description(string description);

    ITargetDefinition DependsOn(params Target[] targets);

    ITargetDefinition Executes(params Action[] actions);

    ITargetDefinition Executes(Func<Task> action);
}
