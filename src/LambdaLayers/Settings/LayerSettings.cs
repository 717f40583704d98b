using LambdaLayers.FileSystem;

namespace LambdaLayers.Settings;

/// <summary>
/// Everything that decides what layer is built and where it goes, fully resolved: every value here has
/// already been validated and defaulted by <see cref="LayerSettingsResolver"/>. Stages read it; they never
/// look at raw parameters, environment variables or files themselves.
/// </summary>
public sealed record LayerSettings
{
    // ---- what to build ----

    /// <summary>Absolute folder holding pyproject.toml.</summary>
    public required string ProjectDirectory { get; init; }

    /// <summary>Absolute path of pyproject.toml.</summary>
    public required string PyProjectPath { get; init; }

    public required ToolKind Tool { get; init; }

    public required LambdaRuntime Runtime { get; init; }

    public LambdaArchitecture Architecture { get; init; } = LambdaArchitecture.X86_64;

    /// <summary>
    /// The runtimes of a matrix: with several, every runtime × architecture is one entry with its own pipeline
    /// (<see cref="LayerMatrix"/>) and <see cref="Runtime"/> is not used. Empty means <see cref="Runtime"/> alone.
    /// Set it in code (NUKE's ConfigureLayer) as <c>s with { Runtimes = [...] }</c>.
    /// </summary>
    public IReadOnlyList<LambdaRuntime> Runtimes { get; init; } = [];

    /// <summary>The architectures of a matrix, as <see cref="Runtimes"/>; empty means <see cref="Architecture"/> alone.</summary>
    public IReadOnlyList<LambdaArchitecture> Architectures { get; init; } = [];

    /// <summary>The runtimes the matrix covers: <see cref="Runtimes"/>, else <see cref="Runtime"/>.</summary>
    public IReadOnlyList<LambdaRuntime> MatrixRuntimes => Runtimes.Count > 0 ? Runtimes.Distinct().ToArray() : [Runtime];

    /// <summary>The architectures the matrix covers: <see cref="Architectures"/>, else <see cref="Architecture"/>.</summary>
    public IReadOnlyList<LambdaArchitecture> MatrixArchitectures => Architectures.Count > 0 ? Architectures.Distinct().ToArray() : [Architecture];

    /// <summary>
    /// The entry's name ("python3.12-arm64") when these settings are one entry of a matrix of several: it names the
    /// entry's build folder and prefixes its log lines. Null for a single layer.
    /// </summary>
    public string? MatrixEntry { get; init; }

    public BuildMode Mode { get; init; } = BuildMode.Local;

    /// <summary>The mode settings resolution chose and why (where it was given, or why the default chose it).</summary>
    public (BuildMode Mode, string Reason)? ModeChoice { get; init; }

    /// <summary>Why <see cref="Mode"/> has its value, for the log; "as configured" when code changed it after resolution.</summary>
    public string ModeReason => ModeChoice is { } choice && choice.Mode == Mode ? choice.Reason : "as configured";

    /// <summary>Dependency groups (Poetry groups, PEP 735 groups) installed besides the main dependencies.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Extras (optional-dependencies) of the project to include.</summary>
    public IReadOnlyList<string> Extras { get; init; } = [];

    /// <summary>Extra arguments appended to the tool's install command.</summary>
    public IReadOnlyList<string> ToolArguments { get; init; } = [];

    /// <summary>The Python interpreter the tool uses; null finds the runtime's python3.X.</summary>
    public string? PythonInterpreter { get; init; }

    /// <summary>A private index and its credentials, or null.</summary>
    public PackageIndex? Index { get; init; }

    // ---- container mode ----

    /// <summary>Container image override; null uses the SAM build image of the runtime and architecture.</summary>
    public string? Image { get; init; }

    /// <summary>Extra arguments for <c>docker run</c>.</summary>
    public IReadOnlyList<string> DockerArguments { get; init; } = [];

    /// <summary>Host folder mounted as the pip/uv cache inside the container, or null for none.</summary>
    public string? ContainerCacheDirectory { get; init; }

    // ---- what goes into the zip ----

    /// <summary>Distribution names left out of the layer (already including the defaults unless turned off).</summary>
    public IReadOnlyList<string> Excludes { get; init; } = DefaultExcludes;

    /// <summary>File patterns left out of the layer.</summary>
    public IReadOnlyList<string> ExcludePatterns { get; init; } = DefaultExcludePatterns;

    public ZipRoot ZipRoot { get; init; } = ZipRoot.Python;

    /// <summary>
    /// Whether PackageLayer imports every top-level module of the layer in a fresh interpreter of the
    /// runtime's version before writing layer.zip, wherever one can run the target's code.
    /// </summary>
    public bool SmokeTest { get; init; } = true;

    /// <summary>
    /// Whether PackageLayer adds hash-based, unchecked pycs compiled for the runtime's Python version beside every
    /// <c>.py</c> of the layer, wherever an interpreter of that version can run and the result fits the budget.
    /// </summary>
    public bool Bytecode { get; init; } = true;

    /// <summary>Bytes of Lambda's unzipped limit (<see cref="LambdaLimits.UnzippedBytes"/>) kept free for the function and other layers.</summary>
    public long ReservedBytes { get; init; }

    // ---- where it goes ----

    public string? LayerName { get; init; }

    public string? Bucket { get; init; }

    /// <summary>S3 key prefix, without leading or trailing '/'.</summary>
    public string Prefix { get; init; } = "";

    public string? Region { get; init; }

    /// <summary>The AWS named profile whose credentials and region are used (aws-profile).</summary>
    public string? AwsProfile { get; init; }

    public string? Description { get; init; }

    public string? License { get; init; }

    /// <summary>Runtimes written into the layer version; empty means just <see cref="Runtime"/>.</summary>
    public IReadOnlyList<string> CompatibleRuntimes { get; init; } = [];

    /// <summary>Architectures written into the layer version; empty means just <see cref="Architecture"/>.</summary>
    public IReadOnlyList<string> CompatibleArchitectures { get; init; } = [];

    /// <summary>Account ids, an organization id (o-…) or "*" granted lambda:GetLayerVersion.</summary>
    public IReadOnlyList<string> ShareWith { get; init; } = [];

    public RetentionPolicy? Retain { get; init; }

    /// <summary>Lambda endpoint override (else AWS_ENDPOINT_URL_LAMBDA / AWS_ENDPOINT_URL).</summary>
    public Uri? LambdaEndpoint { get; init; }

    /// <summary>S3 endpoint override (else AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL).</summary>
    public Uri? S3Endpoint { get; init; }

    // ---- the function code (PackageFunction, PublishFunction) ----

    /// <summary>PackageFunction puts the project's dependencies into function.zip too, for a function without a layer.</summary>
    public bool BundleDependencies { get; init; }

    /// <summary>The Lambda function (name or ARN) whose code PublishFunction updates; null uploads and reports only.</summary>
    public string? FunctionName { get; init; }

    /// <summary>PublishFunction publishes a function version after updating the code.</summary>
    public bool PublishFunctionVersion { get; init; }

    /// <summary>The folders and files of this project's function build (<c>build/lambda/function</c>).</summary>
    public FunctionLayout FunctionLayout => new(ProjectDirectory);

    // ---- how much may be skipped ----

    /// <summary>Rebuild, repackage and publish even when records, the build cache or the live layer say nothing changed.</summary>
    public bool Force { get; init; }

    /// <summary>Whether the S3 build cache may be used; it is only used when a <see cref="Bucket"/> is set (see <see cref="UsesBuildCache"/>).</summary>
    public bool BuildCache { get; init; } = true;

    /// <summary>True when packaged layers are shared through <c>&lt;prefix&gt;/cache/&lt;fingerprint&gt;/</c> in the bucket.</summary>
    public bool UsesBuildCache => BuildCache && !string.IsNullOrWhiteSpace(Bucket);

    /// <summary>The seed's exclusion list: what the Lambda runtime already has, and build-only tools.</summary>
    public static IReadOnlyList<string> DefaultExcludes { get; } =
        ["boto3", "botocore", "s3transfer", "urllib3", "setuptools", "pip", "wheel", "twine", "pytest", "_pytest"];

    public static IReadOnlyList<string> DefaultExcludePatterns { get; } = ["__pycache__/", "*.pyc"];

    /// <summary>The runtimes written into the published version.</summary>
    public IReadOnlyList<string> EffectiveCompatibleRuntimes =>
        CompatibleRuntimes.Count > 0 ? CompatibleRuntimes : [Runtime.Name];

    /// <summary>The architectures written into the published version.</summary>
    public IReadOnlyList<string> EffectiveCompatibleArchitectures =>
        CompatibleArchitectures.Count > 0 ? CompatibleArchitectures : [Architecture.Name];

    /// <summary>The image a container build runs in.</summary>
    public string EffectiveImage => Image ?? Runtime.SamBuildImage(Architecture);

    /// <summary>The folders and files of this project's layer build.</summary>
    public LayerLayout Layout => new(ProjectDirectory, BuildDirectory);

    /// <summary>Layer build folder override (absolute); null uses <c>build/lambda/layer</c> under the project.</summary>
    public string? BuildDirectory { get; init; }

    /// <summary>The lock or requirements file that pins what is installed, per tool.</summary>
    public string ManifestPath => Path.Combine(ProjectDirectory, ManifestFileName(Tool));

    public static string ManifestFileName(ToolKind tool) => tool switch
    {
        ToolKind.Pip => "requirements.txt",
        ToolKind.Poetry => "poetry.lock",
        ToolKind.Uv => "uv.lock",
        _ => throw new ArgumentOutOfRangeException(nameof(tool)),
    };
}
