namespace LambdaLayers.Checks;

/// <summary>
/// The compatibility check's verdict on one distribution of the layer, as layer.json and <c>--json</c>
/// carry it: <see cref="OkResult"/> or <see cref="ProblemResult"/>, with the problems in words.
/// </summary>
public sealed record DistributionCheck(string Name, string? Version, string Result, IReadOnlyList<string> Problems)
{
    public const string OkResult = "ok";

    public const string ProblemResult = "problem";
}
