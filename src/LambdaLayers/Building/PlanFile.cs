namespace LambdaLayers.Building;

/// <summary>
/// A file copied into the isolated <c>repo/</c> folder before the commands run. Both paths are host paths
/// (a container build copies on the host into the mounted build folder).
/// </summary>
public sealed record PlanFile(string Source, string Destination);
