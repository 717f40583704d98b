using LambdaLayers.Pipeline;
using LambdaLayers.Settings;
using Nuke.Common;
using Nuke.Common.Tooling;

namespace LambdaLayers.Nuke;

/// <summary>
/// The layer's parameters and settings. Every parameter carries the name of LambdaLayers' parameter table
/// (<c>--tool</c>, <c>--runtime</c>, …), so it binds from the command line, the environment and
/// <c>.nuke/parameters.json</c> like any NUKE parameter. Values left unset fall back to
/// <c>[tool.lambda-layers]</c> in pyproject.toml and <c>LAMBDA_LAYERS_*</c> variables, then to defaults.
/// Override <see cref="ConfigureLayer"/> to adjust the resolved settings in code, as with NUKE's PackSettings.
/// </summary>
public interface IHazLayer : INukeBuild
{
    [Parameter("Folder holding pyproject.toml (default: the build root)")] string? Project => TryGetValue(() => Project);
    [Parameter("Installer: pip, poetry or uv (default: from the lock file)")] string? Tool => TryGetValue(() => Tool);
    [Parameter("Lambda runtime, python3.10 to python3.14 (default: newest that satisfies requires-python)")] string? Runtime => TryGetValue(() => Runtime);
    [Parameter("Target architecture: x86_64 or arm64")] string? Architecture => TryGetValue(() => Architecture);
    [Parameter("Build mode: local, container or cross-platform (default: cross-platform where the tool can, else local)")] string? Mode => TryGetValue(() => Mode);
    [Parameter("Python interpreter for local and cross-platform builds")] string? Python => TryGetValue(() => Python);
    [Parameter("Dependency groups to install besides the main ones")] string[]? Group => TryGetValue(() => Group);
    [Parameter("Project extras to install")] string[]? Extra => TryGetValue(() => Extra);
    [Parameter("Extra arguments for the tool's install command")] string[]? ToolArgs => TryGetValue(() => ToolArgs);
    [Parameter("Private package index URL")] string? IndexUrl => TryGetValue(() => IndexUrl);
    [Parameter("Name of the private index as declared in pyproject.toml")] string? IndexName => TryGetValue(() => IndexName);
    [Parameter("User name for the private index")] string? IndexUsername => TryGetValue(() => IndexUsername);
    [Parameter("Password or token for the private index"), Secret] string? IndexPassword => TryGetValue(() => IndexPassword);
    [Parameter("Distributions left out of the layer, besides the defaults")] string[]? Exclude => TryGetValue(() => Exclude);
    [Parameter("Do not exclude the default distributions (boto3, botocore, pip, …)")] bool? NoDefaultExcludes => TryGetValue<bool?>(() => NoDefaultExcludes);
    [Parameter("File patterns left out of the layer, besides __pycache__/ and *.pyc")] string[]? ExcludePattern => TryGetValue(() => ExcludePattern);
    [Parameter("Do not import the layer's modules in an interpreter of the runtime's version before writing layer.zip")] bool? NoSmokeTest => TryGetValue<bool?>(() => NoSmokeTest);
    [Parameter("Zip root: python or site-packages")] string? ZipLayout => TryGetValue(() => ZipLayout);
    [Parameter("Megabytes of the 250 MB unzipped limit kept free for the function and other layers")] int? ReservedMb => TryGetValue<int?>(() => ReservedMb);
    [Parameter("Container image for --mode container")] string? Image => TryGetValue(() => Image);
    [Parameter("Extra arguments for docker run")] string[]? DockerArgs => TryGetValue(() => DockerArgs);
    [Parameter("Host folder mounted as the pip/uv cache in the container")] string? ContainerCache => TryGetValue(() => ContainerCache);
    [Parameter("Lambda layer name (default: the project name)")] string? LayerName => TryGetValue(() => LayerName);
    [Parameter("S3 bucket for the layer zip and manifests")] string? Bucket => TryGetValue(() => Bucket);
    [Parameter("S3 key prefix")] string? Prefix => TryGetValue(() => Prefix);
    [Parameter("AWS region")] string? Region => TryGetValue(() => Region);
    [Parameter("AWS named profile")] string? Profile => TryGetValue(() => Profile);
    [Parameter("Layer version description")] string? Description => TryGetValue(() => Description);
    [Parameter("Layer version license")] string? License => TryGetValue(() => License);
    [Parameter("Runtimes written into the layer version")] string[]? CompatibleRuntimes => TryGetValue(() => CompatibleRuntimes);
    [Parameter("Architectures written into the layer version")] string[]? CompatibleArchitectures => TryGetValue(() => CompatibleArchitectures);
    [Parameter("Accounts, an organization or * granted lambda:GetLayerVersion")] string[]? ShareWith => TryGetValue(() => ShareWith);
    [Parameter("Keep only the newest N layer versions")] int? Retain => TryGetValue<int?>(() => Retain);
    [Parameter("Keep layer versions younger than D days")] int? RetainDays => TryGetValue<int?>(() => RetainDays);
    [Parameter("List what retention would delete without deleting")] bool? RetainDryRun => TryGetValue<bool?>(() => RetainDryRun);
    [Parameter("Lambda endpoint URL override")] string? LambdaEndpoint => TryGetValue(() => LambdaEndpoint);
    [Parameter("S3 endpoint URL override")] string? S3Endpoint => TryGetValue(() => S3Endpoint);
    [Parameter("Layer build folder inside the project")] string? BuildDir => TryGetValue(() => BuildDir);

    /// <summary>
    /// The settings every layer target uses: the parameters above, resolved and then passed through
    /// <see cref="ConfigureLayer"/>, once per build.
    /// </summary>
    sealed LayerSettings LayerSettings => ResolvedLayerSettings.Of(this, () => ConfigureLayer(LayerSettingsResolver.Resolve(new SettingsSources
    {
        WorkingDirectory = RootDirectory,
        Explicit = BoundLayerParameters.Of(this),
    })));

    /// <summary>Adjusts the resolved settings in code: <c>Configure&lt;LayerSettings&gt; IHazLayer.ConfigureLayer => s => s with { Bucket = "…" };</c></summary>
    Configure<LayerSettings> ConfigureLayer => settings => settings;

    /// <summary>The stages the targets call; replaceable for tests or to decorate them.</summary>
    ILayerStages LayerStages => new LayerStages(Serilog.Log.Logger);
}
