using System.Text.RegularExpressions;

namespace LambdaLayers.Packaging;

/// <summary>PEP 503 name normalisation: runs of '-', '_' and '.' become one '-', lower case.</summary>
public static partial class DistributionName
{
    public static string Normalize(string name) => Separators().Replace(name.Trim(), "-").ToLowerInvariant();

    [GeneratedRegex("[-_.]+")]
    private static partial Regex Separators();
}
