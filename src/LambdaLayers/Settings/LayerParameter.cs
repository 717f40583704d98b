namespace LambdaLayers.Settings;

/// <summary>
/// One user-facing parameter. Its <see cref="Name"/> is the single spelling used everywhere: the CLI
/// option (<c>--index-url</c>), the NUKE parameter, the <c>[tool.lambda-layers]</c> key and, upper-cased,
/// the <c>LAMBDA_LAYERS_INDEX_URL</c> environment variable.
/// </summary>
public sealed record LayerParameter(string Name, ParameterKind Kind, string Description, string Default)
{
    /// <summary>Secret values are never printed, logged or written to build/.</summary>
    public bool Secret { get; init; }

    /// <summary>The values accepted, when the set is closed (tool, runtime, architecture, mode).</summary>
    public IReadOnlyList<string> AcceptedValues { get; init; } = [];

    /// <summary>The first stage that reads this parameter; commands before that stage do not offer it.</summary>
    public ParameterStage FirstStage { get; init; } = ParameterStage.Build;

    /// <summary>Used by a front end only (output format), not by the core stages.</summary>
    public bool FrontEndOnly { get; init; }

    public string EnvironmentVariable => "LAMBDA_LAYERS_" + Name.ToUpperInvariant().Replace('-', '_');

    /// <summary>
    /// Further environment variables read when <see cref="EnvironmentVariable"/> is not set, because other
    /// tools already use them for the same thing (<c>AWS_PROFILE</c>).
    /// </summary>
    public IReadOnlyList<string> EnvironmentAliases { get; init; } = [];

    /// <summary>"IndexPassword": the member name a NUKE parameter of this name has.</summary>
    public string MemberName =>
        string.Concat(Name.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    /// <summary>
    /// The key with dashes, underscores and case removed. NUKE matches parameters that way, so
    /// <c>IndexUrl</c>, <c>index-url</c> and <c>INDEX_URL</c> all name this parameter.
    /// </summary>
    public string LooseKey => Loose(Name);

    public static string Loose(string key) =>
        new(key.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
