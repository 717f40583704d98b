namespace LambdaLayers.Settings;

/// <summary>
/// The table of every parameter (DESIGN §1). The settings resolver, the CLI options and the NUKE
/// component's parameters are all checked against this one table, so a name cannot drift between them.
/// </summary>
public static class LayerParameters
{
    public static readonly LayerParameter Project = new("project", ParameterKind.Text,
        "Folder holding pyproject.toml.", "current folder (NUKE: build root)");

    public static readonly LayerParameter Tool = new("tool", ParameterKind.Text,
        "Installer: pip, poetry or uv.", "from the lock file: uv.lock → uv, poetry.lock → poetry, else pip")
    { AcceptedValues = ["pip", "poetry", "uv"] };

    // Runtime and architecture take lists: every runtime × architecture is one entry of a matrix (LayerMatrix).
    public static readonly LayerParameter Runtime = new("runtime", ParameterKind.List,
        "Lambda runtime; several (comma-separated or repeated) build one layer per runtime × architecture.", "newest runtime that satisfies requires-python")
    { AcceptedValues = LambdaRuntimes.All.Select(r => r.Name).ToArray() };

    public static readonly LayerParameter Architecture = new("architecture", ParameterKind.List,
        "Target instruction set; several (comma-separated or repeated) build one layer per runtime × architecture.", "x86_64")
    { AcceptedValues = LambdaArchitecture.All.Select(a => a.Name).ToArray() };

    public static readonly LayerParameter Mode = new("mode", ParameterKind.Text,
        "Where and how to install: local, container or cross-platform.", DefaultBuildMode.Description)
    { AcceptedValues = BuildModeNames.All };

    public static readonly LayerParameter Python = new("python", ParameterKind.Text,
        "Python interpreter the tool installs with (local and cross-platform modes).", "python3.X of the runtime, on PATH or under pyenv");

    public static readonly LayerParameter Group = new("group", ParameterKind.List,
        "Dependency group to install besides the main dependencies (repeatable).", "none");

    public static readonly LayerParameter Extra = new("extra", ParameterKind.List,
        "Project extra (optional-dependencies) to install (repeatable).", "none");

    public static readonly LayerParameter ToolArgs = new("tool-args", ParameterKind.List,
        "Extra argument appended to the tool's install command (repeatable).", "none");

    public static readonly LayerParameter IndexUrl = new("index-url", ParameterKind.Text,
        "Private package index URL (PEP 503 simple index).", "none");

    public static readonly LayerParameter IndexName = new("index-name", ParameterKind.Text,
        "Name of the index as declared in pyproject.toml (Poetry source, uv index).", "the only declared index, else 'private'");

    public static readonly LayerParameter IndexUsername = new("index-username", ParameterKind.Text,
        "User name for the private index.", "none");

    public static readonly LayerParameter IndexPassword = new("index-password", ParameterKind.Text,
        "Password or token for the private index (secret).", "none")
    { Secret = true };

    public static readonly LayerParameter Exclude = new("exclude", ParameterKind.List,
        "Distribution left out of the layer (repeatable), added to the default list.", string.Join(", ", LayerSettings.DefaultExcludes))
    { FirstStage = ParameterStage.Package };

    public static readonly LayerParameter NoDefaultExcludes = new("no-default-excludes", ParameterKind.Flag,
        "Do not exclude the default distributions.", "false")
    { FirstStage = ParameterStage.Package };

    public static readonly LayerParameter ExcludePattern = new("exclude-pattern", ParameterKind.List,
        "File pattern left out of the layer (repeatable), added to the default patterns.", string.Join(", ", LayerSettings.DefaultExcludePatterns))
    { FirstStage = ParameterStage.Package };

    public static readonly LayerParameter NoSmokeTest = new("no-smoke-test", ParameterKind.Flag,
        "Do not import the layer's modules in an interpreter of the runtime's version before writing layer.zip.", "false (the test runs wherever it can)")
    { FirstStage = ParameterStage.Package };

    public static readonly LayerParameter NoBytecode = new("no-bytecode", ParameterKind.Flag,
        "Do not compile the layer's Python files to bytecode for the runtime's version (pycs that spare the runtime compiling them at every cold start).",
        "false (compiled wherever an interpreter of the runtime's version can run)");

    public static readonly LayerParameter ZipLayout = new("zip-layout", ParameterKind.Text,
        "Root of the packages inside layer.zip: python or site-packages (python/lib/python3.X/site-packages).", "python")
    { FirstStage = ParameterStage.Package, AcceptedValues = ["python", "site-packages"] };

    public static readonly LayerParameter ReservedMb = new("reserved-mb", ParameterKind.Number,
        $"Megabytes of Lambda's {LambdaLimits.UnzippedBytes / LambdaLimits.BytesPerMegabyte} MB unzipped limit kept free for the function and other layers.", "0")
    { FirstStage = ParameterStage.Package };

    public static readonly LayerParameter Image = new("image", ParameterKind.Text,
        "Container image for --mode container.", "public.ecr.aws/sam/build-python3.X:latest-<arch>");

    public static readonly LayerParameter DockerArgs = new("docker-args", ParameterKind.List,
        "Extra argument for docker run (repeatable).", "none");

    public static readonly LayerParameter ContainerCache = new("container-cache", ParameterKind.Text,
        "Host folder mounted as the pip/uv cache inside the container.", "none");

    public static readonly LayerParameter LayerName = new("layer-name", ParameterKind.Text,
        "Lambda layer name.", "the project name");

    public static readonly LayerParameter Bucket = new("bucket", ParameterKind.Text,
        "S3 bucket for the zip and the versioned manifests.", $"none (zips up to {LambdaLimits.DirectUploadZipBytes / LambdaLimits.BytesPerMegabyte} MB are uploaded inline)");

    public static readonly LayerParameter Prefix = new("prefix", ParameterKind.Text,
        "S3 key prefix.", "lambda-layers/<layer name>");

    public static readonly LayerParameter Region = new("region", ParameterKind.Text,
        "AWS region.", "AWS_REGION / profile / instance metadata");

    // Not "profile": NUKE's own --profile loads .nuke/parameters.<name>.json, and every name here is also a NUKE parameter.
    public static readonly LayerParameter AwsProfile = new("aws-profile", ParameterKind.Text,
        "AWS named profile (from ~/.aws/credentials or ~/.aws/config).", "AWS_PROFILE, else the SDK's default chain")
    { EnvironmentAliases = ["AWS_PROFILE"] };

    public static readonly LayerParameter Description = new("description", ParameterKind.Text,
        "Layer version description (the fingerprint is appended).", "the project description")
    { FirstStage = ParameterStage.Publish };

    public static readonly LayerParameter License = new("license", ParameterKind.Text,
        "LicenseInfo of the layer version.", "none")
    { FirstStage = ParameterStage.Publish };

    public static readonly LayerParameter CompatibleRuntimes = new("compatible-runtimes", ParameterKind.List,
        $"Runtimes written into the layer version (repeatable, up to {LambdaLimits.CompatibleRuntimes}); only with a single runtime.", "the runtimes the layer serves")
    { FirstStage = ParameterStage.Publish };

    public static readonly LayerParameter CompatibleArchitectures = new("compatible-architectures", ParameterKind.List,
        "Architectures written into the layer version (repeatable); only with a single architecture.", "the architectures the layer serves")
    { FirstStage = ParameterStage.Publish };

    public static readonly LayerParameter ShareWith = new("share-with", ParameterKind.List,
        "Account id, organization id (o-…) or * granted lambda:GetLayerVersion (repeatable).", "none")
    { FirstStage = ParameterStage.Publish };

    public static readonly LayerParameter Retain = new("retain", ParameterKind.Number,
        "Keep only the newest N layer versions (older ones are deleted after publishing).", "keep all")
    { FirstStage = ParameterStage.Publish };

    public static readonly LayerParameter RetainDays = new("retain-days", ParameterKind.Number,
        "Keep layer versions younger than D days (with --retain: keep what either rule keeps).", "keep all")
    { FirstStage = ParameterStage.Publish };

    public static readonly LayerParameter RetainDryRun = new("retain-dry-run", ParameterKind.Flag,
        "List the versions retention would delete without deleting them.", "false")
    { FirstStage = ParameterStage.Publish };

    public static readonly LayerParameter LambdaEndpoint = new("lambda-endpoint", ParameterKind.Text,
        "Lambda endpoint URL override.", "AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL, else AWS")
    { FirstStage = ParameterStage.Publish };

    public static readonly LayerParameter S3Endpoint = new("s3-endpoint", ParameterKind.Text,
        "S3 endpoint URL override (path-style addressing).", "AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, else AWS");

    public static readonly LayerParameter Force = new("force", ParameterKind.Flag,
        "Rebuild, repackage and publish a new version even when nothing changed (ignores local records, the build cache and the live layer).", "false");

    public static readonly LayerParameter NoCache = new("no-cache", ParameterKind.Flag,
        "Do not use the S3 build cache (<prefix>/cache/<fingerprint>/), which is on whenever a bucket is set.", "false (cache on with --bucket)");

    public static readonly LayerParameter BuildDir = new("build-dir", ParameterKind.Text,
        "Layer build folder; must lie inside the project.", "build/lambda/layer");

    public static readonly LayerParameter BundleDependencies = new("bundle-dependencies", ParameterKind.Flag,
        "PackageFunction: put the project's dependencies into function.zip too (for a function without a layer).", "false (they come from the layer)");

    public static readonly LayerParameter FunctionName = new("function-name", ParameterKind.Text,
        "PublishFunction: the Lambda function (name or ARN) whose code is updated to the uploaded function.zip.", "none (upload and report only)");

    public static readonly LayerParameter PublishVersion = new("publish-version", ParameterKind.Flag,
        "PublishFunction: publish a new function version after updating its code (Lambda keeps the last one when nothing changed).", "false");

    public static readonly LayerParameter Json = new("json", ParameterKind.Flag,
        "Print the result record as JSON.", "false")
    { FrontEndOnly = true };

    public static IReadOnlyList<LayerParameter> All { get; } =
    [
        Project, Tool, Runtime, Architecture, Mode, Python, Group, Extra, ToolArgs,
        IndexUrl, IndexName, IndexUsername, IndexPassword,
        Exclude, NoDefaultExcludes, ExcludePattern, NoSmokeTest, NoBytecode, ZipLayout, ReservedMb,
        Image, DockerArgs, ContainerCache,
        LayerName, Bucket, Prefix, Region, AwsProfile, Description, License,
        CompatibleRuntimes, CompatibleArchitectures, ShareWith, Retain, RetainDays, RetainDryRun,
        LambdaEndpoint, S3Endpoint, Force, NoCache, BuildDir,
        BundleDependencies, FunctionName, PublishVersion, Json,
    ];

    /// <summary>Finds a parameter by any spelling NUKE would accept (case, dashes and underscores ignored).</summary>
    public static LayerParameter? Find(string key) =>
        All.FirstOrDefault(p => p.LooseKey == LayerParameter.Loose(key));
}
