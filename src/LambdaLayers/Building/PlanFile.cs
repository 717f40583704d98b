namespace LambdaLayers.Building;

/// <summary>A file copied into the isolated <c>repo/</c> folder before the commands run (paths on the host).</summary>
public sealed record PlanFile(string Source, string Destination);
