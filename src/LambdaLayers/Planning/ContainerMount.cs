namespace LambdaLayers.Planning;

/// <summary>A host folder or file bind-mounted into the build container (a path dependency outside the project, read-only).</summary>
public sealed record ContainerMount(string Source, string Target, bool ReadOnly = true);
