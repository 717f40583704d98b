namespace LambdaLayers.Projects;

/// <summary>What a path dependency points at, judged by its path (whether it exists is checked later).</summary>
public enum PathDependencyKind
{
    /// <summary>A project folder, built into a wheel through its own build backend.</summary>
    Directory,

    /// <summary>A built wheel (<c>.whl</c>), installed as it is.</summary>
    Wheel,

    /// <summary>A source archive (<c>.tar.gz</c>, <c>.zip</c>, …), built into a wheel like a folder.</summary>
    SourceArchive,
}
