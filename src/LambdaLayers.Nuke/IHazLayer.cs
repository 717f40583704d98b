using LambdaLayers.Pipeline;
using LambdaLayers.Settings;
using Nuke.Common;
using Nuke.Common.Tooling;

namespace LambdaLayers.Nuke;

/// <summary>
/// The layer's parameters and settings. Every parameter carries the name of LambdaLayers' parameter table
/// (<c>--tool</c>, <c>--runtime</c>, …; none is a name NUKE declares itself), so NUKE binds it from the command
/// line, its environment variables (<c>TOOL</c>, <c>NUKE_TOOL</c>) and <c>.nuke/parameters.json</c> (decrypting
/// <c>[Secret]</c> values) like any NUKE parameter. Values left unset fall back to <c>LAMBDA_LAYERS_*</c>
/// variables and <c>[tool.lambda-layers]</c> in pyproject.toml, then to defaults. Override
/// <see cref="ConfigureLayer"/> to adjust the resolved settings in code, as with NUKE's PackSettings.
/// </summary>
/// <remarks>
/// Lists take several words on the command line (<c>--exclude numpy pandas</c>) or comma-separated text
/// (<c>--exclude numpy,pandas</c>, <c>EXCLUDE=numpy,pandas</c>); the tool and docker arguments are not split,
/// because their values may hold commas. A value NUKE cannot bind (a word where a number belongs, two values
/// for one, a secret it cannot decrypt) fails the target with an error naming the parameter and where the
/// value came from, instead of being dropped. [Optional] keeps NUKE from also logging its own warning, with
/// a stack trace, for the same value.
/// </remarks>
public interface IHazLayer : INukeBuild
{
    [Parameter("Folder holding pyproject.toml (default: the build root)"), Optional] string? Project => TryGetValue(() => Project);
    [Parameter("Installer: pip, poetry or uv (default: from the lock file)"), Optional] string? Tool => TryGetValue(() => Tool);
    [Parameter("Lambda runtimes, python3.10 to python3.14; several build one layer per runtime × architecture (default: newest that satisfies requires-python)", Separator = ","), Optional] string[]? Runtime => TryGetValue(() => Runtime);
    [Parameter("Target architectures, x86_64 and/or arm64; several build one layer per runtime × architecture", Separator = ","), Optional] string[]? Architecture => TryGetValue(() => Architecture);
    [Parameter("Build mode: local, container or cross-platform (default: cross-platform where the tool can, else local)"), Optional] string? Mode => TryGetValue(() => Mode);
    [Parameter("Python interpreter for local and cross-platform builds"), Optional] string? Python => TryGetValue(() => Python);
    [Parameter("Dependency groups to install besides the main ones", Separator = ","), Optional] string[]? Group => TryGetValue(() => Group);
    [Parameter("Project extras to install", Separator = ","), Optional] string[]? Extra => TryGetValue(() => Extra);
    [Parameter("Extra arguments for the tool's install command"), Optional] string[]? ToolArgs => TryGetValue(() => ToolArgs);
    [Parameter("Private package index URL"), Optional] string? IndexUrl => TryGetValue(() => IndexUrl);
    [Parameter("Name of the private index as declared in pyproject.toml"), Optional] string? IndexName => TryGetValue(() => IndexName);
    [Parameter("User name for the private index"), Optional] string? IndexUsername => TryGetValue(() => IndexUsername);
    [Parameter("Password or token for the private index"), Secret, Optional] string? IndexPassword => TryGetValue(() => IndexPassword);
    [Parameter("Distributions left out of the layer, besides the defaults", Separator = ","), Optional] string[]? Exclude => TryGetValue(() => Exclude);
    [Parameter("Do not exclude the default distributions (boto3, botocore, pip, …)"), Optional] bool? NoDefaultExcludes => TryGetValue<bool?>(() => NoDefaultExcludes);
    [Parameter("File patterns left out of the layer, besides __pycache__/ and *.pyc", Separator = ","), Optional] string[]? ExcludePattern => TryGetValue(() => ExcludePattern);
    [Parameter("Do not import the layer's modules in an interpreter of the runtime's version before writing layer.zip"), Optional] bool? NoSmokeTest => TryGetValue<bool?>(() => NoSmokeTest);
    [Parameter("Do not compile the layer's Python files to bytecode for the runtime's version"), Optional] bool? NoBytecode => TryGetValue<bool?>(() => NoBytecode);
    [Parameter("Zip root: python or site-packages"), Optional] string? ZipLayout => TryGetValue(() => ZipLayout);
    [Parameter("Megabytes of the 250 MB unzipped limit kept free for the function and other layers"), Optional] int? ReservedMb => TryGetValue<int?>(() => ReservedMb);
    [Parameter("Container image for --mode container"), Optional] string? Image => TryGetValue(() => Image);
    [Parameter("Extra arguments for docker run"), Optional] string[]? DockerArgs => TryGetValue(() => DockerArgs);
    [Parameter("Host folder mounted as the pip/uv cache in the container"), Optional] string? ContainerCache => TryGetValue(() => ContainerCache);
    [Parameter("Lambda layer name (default: the project name)"), Optional] string? LayerName => TryGetValue(() => LayerName);
    [Parameter("S3 bucket for the layer zip and manifests"), Optional] string? Bucket => TryGetValue(() => Bucket);
    [Parameter("S3 key prefix"), Optional] string? Prefix => TryGetValue(() => Prefix);
    [Parameter("AWS region"), Optional] string? Region => TryGetValue(() => Region);
    [Parameter("AWS named profile, from ~/.aws/credentials or ~/.aws/config"), Optional] string? AwsProfile => TryGetValue(() => AwsProfile);
    [Parameter("Layer version description"), Optional] string? Description => TryGetValue(() => Description);
    [Parameter("Layer version license"), Optional] string? License => TryGetValue(() => License);
    [Parameter("Runtimes written into the layer version", Separator = ","), Optional] string[]? CompatibleRuntimes => TryGetValue(() => CompatibleRuntimes);
    [Parameter("Architectures written into the layer version", Separator = ","), Optional] string[]? CompatibleArchitectures => TryGetValue(() => CompatibleArchitectures);
    [Parameter("Accounts, an organization or * granted lambda:GetLayerVersion", Separator = ","), Optional] string[]? ShareWith => TryGetValue(() => ShareWith);
    [Parameter("Keep only the newest N layer versions"), Optional] int? Retain => TryGetValue<int?>(() => Retain);
    [Parameter("Keep layer versions younger than D days"), Optional] int? RetainDays => TryGetValue<int?>(() => RetainDays);
    [Parameter("List what retention would delete without deleting"), Optional] bool? RetainDryRun => TryGetValue<bool?>(() => RetainDryRun);
    [Parameter("Lambda endpoint URL override"), Optional] string? LambdaEndpoint => TryGetValue(() => LambdaEndpoint);
    [Parameter("S3 endpoint URL override"), Optional] string? S3Endpoint => TryGetValue(() => S3Endpoint);
    [Parameter("Rebuild, repackage and publish even when nothing changed"), Optional] bool? Force => TryGetValue<bool?>(() => Force);
    [Parameter("Do not use the S3 build cache (on whenever a bucket is set)"), Optional] bool? NoCache => TryGetValue<bool?>(() => NoCache);
    [Parameter("Layer build folder inside the project"), Optional] string? BuildDir => TryGetValue(() => BuildDir);

    /// <summary>
    /// The settings every layer target uses: the parameters above, resolved and then passed through
    /// <see cref="ConfigureLayer"/>, once per build (when the first layer target runs).
    /// </summary>
    sealed LayerSettings LayerSettings => LayerRuns.Of(this).Matrix.Settings;

    /// <summary>The runtime × architecture entries the targets build, each with its own settings and build folder.</summary>
    sealed LayerMatrix LayerMatrix => LayerRuns.Of(this).Matrix;

    /// <summary>
    /// Adjusts the resolved settings in code: <c>Configure&lt;LayerSettings&gt; IHazLayer.ConfigureLayer => s => s with { Bucket = "…" };</c>.
    /// Setting <see cref="Settings.LayerSettings.Runtimes"/> or <see cref="Settings.LayerSettings.Architectures"/> sets the matrix:
    /// <c>s => s with { Architectures = [LambdaArchitecture.X86_64, LambdaArchitecture.Arm64] }</c>.
    /// </summary>
    Configure<LayerSettings> ConfigureLayer => settings => settings;

    /// <summary>The stages the targets call; replaceable to decorate them.</summary>
    ILayerStages LayerStages => new LayerStages(Serilog.Log.Logger);
}
