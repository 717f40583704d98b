namespace LambdaLayers.Tests.Support;

/// <summary>
/// One wheel the tests publish: a distribution name, version and compatibility tag
/// (<c>py3-none-any</c>, <c>cp312-cp312-manylinux2014_x86_64</c>, …) with its dependencies.
/// </summary>
public sealed record WheelSpec(string Name, string Version, string Tag = WheelSpec.PureTag)
{
    public const string PureTag = "py3-none-any";

    /// <summary>PEP 508 requirement strings written as <c>Requires-Dist</c>.</summary>
    public IReadOnlyList<string> RequiresDist { get; init; } = [];

    /// <summary>Written as <c>Requires-Python</c> when set.</summary>
    public string? RequiresPython { get; init; }

    /// <summary>Extra files (path relative to the wheel root → text) besides the generated package module.</summary>
    public IReadOnlyDictionary<string, string> ExtraFiles { get; init; } = new Dictionary<string, string>();

    /// <summary>Binary files (path relative to the wheel root → bytes), such as compiled shared libraries.</summary>
    public IReadOnlyDictionary<string, byte[]> BinaryFiles { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>The name as it appears in wheel file names and the dist-info folder (PEP 427: runs of -_. become _).</summary>
    public string FileNamePart => System.Text.RegularExpressions.Regex.Replace(Name, "[-_.]+", "_");

    /// <summary>The importable package the wheel ships (lower-case <see cref="FileNamePart"/>).</summary>
    public string ModuleName => FileNamePart.ToLowerInvariant();

    public string FileName => $"{FileNamePart}-{Version}-{Tag}.whl";

    public string DistInfoDirectory => $"{FileNamePart}-{Version}.dist-info";

    /// <summary>True when the tag says the wheel holds no compiled code.</summary>
    public bool IsPure => Tag.EndsWith("-none-any", StringComparison.Ordinal);
}
