using LambdaLayers.Packaging;
using LambdaLayers.Settings;

namespace LambdaLayers.Checks;

/// <summary>Why each default exclusion (<see cref="LayerSettings.DefaultExcludes"/>) leaves its distribution out, in words for the summary.</summary>
public static class ExclusionReasons
{
    private static readonly IReadOnlyDictionary<string, string> DefaultReasons = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["boto3"] = "default exclusion: the Lambda runtime provides it",
        ["botocore"] = "default exclusion: the Lambda runtime provides it",
        ["s3transfer"] = "default exclusion: the Lambda runtime provides it",
        ["urllib3"] = "default exclusion: the Lambda runtime provides it",
        ["setuptools"] = "default exclusion: a packaging tool, not needed at run time",
        ["pip"] = "default exclusion: a packaging tool, not needed at run time",
        ["wheel"] = "default exclusion: a packaging tool, not needed at run time",
        ["twine"] = "default exclusion: a packaging tool, not needed at run time",
        ["pytest"] = "default exclusion: a test tool, not needed at run time",
        ["-pytest"] = "default exclusion: a test tool, not needed at run time",
    };

    /// <summary>True when <paramref name="name"/> is one of the default exclusions.</summary>
    public static bool IsDefault(string name) =>
        LayerSettings.DefaultExcludes.Any(d => DistributionName.Normalize(d) == DistributionName.Normalize(name));

    /// <summary>"default exclusion: the Lambda runtime provides it", or "--exclude" for a name the user gave.</summary>
    public static string For(string name, IReadOnlySet<string> userExcludes)
    {
        var normalized = DistributionName.Normalize(name);
        if (userExcludes.Contains(normalized) || !IsDefault(name))
        {
            return "--exclude";
        }
        return DefaultReasons.GetValueOrDefault(normalized, "default exclusion");
    }
}
