namespace Nuke.Common;

/// <summary>Records what a target's configuration function declares.</summary>
internal sealed class TargetDefinition : ITargetDefinition
{
    private readonly List<Func<Task>> actions = [];

    public string? DescriptionText { get; private set; }

    public List<Target> Dependencies { get; } = [];

    public ITargetDefinition Description(string description)
    {
        DescriptionText = description;
        return this;
    }

    public ITargetDefinition DependsOn(params Target[] targets)
    {
        Dependencies.AddRange(targets);
        return this;
    }

    public ITargetDefinition Executes(params Action[] actions)
    {
        this.actions.AddRange(actions.Select(a => (Func<Task>)(() => { a(); return Task.CompletedTask; })));
        return this;
    }

    public ITargetDefinition Executes(Func<Task> action)
    {
        actions.Add(action);
        return this;
    }

    public void Run()
    {
        foreach (var action in actions)
        {
            action().GetAwaiter().GetResult();
        }
    }
}
