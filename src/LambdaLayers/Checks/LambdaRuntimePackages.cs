namespace LambdaLayers.Checks;

/// <summary>
/// What the Lambda Python runtime itself puts on <c>sys.path</c> besides the standard library (DESIGN §2):
/// these distributions under <c>/var/runtime</c>, importable as the listed top-level modules. A layer may
/// leave them out (boto3, botocore, s3transfer and urllib3 are default exclusions) and still import them.
/// </summary>
public static class LambdaRuntimePackages
{
    /// <summary>Where the runtime keeps them (present in Lambda's own images, not in every build image).</summary>
    public const string RuntimeDirectory = "/var/runtime";

    /// <summary>Distribution name (PEP 503-normalised) → the top-level module it provides.</summary>
    public static IReadOnlyDictionary<string, string> ModulesByDistribution { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["boto3"] = "boto3",
        ["botocore"] = "botocore",
        ["s3transfer"] = "s3transfer",
        ["jmespath"] = "jmespath",
        ["python-dateutil"] = "dateutil",
        ["six"] = "six",
        ["urllib3"] = "urllib3",
    };

    public static IReadOnlyList<string> Modules { get; } = ModulesByDistribution.Values.Order(StringComparer.Ordinal).ToList();
}
