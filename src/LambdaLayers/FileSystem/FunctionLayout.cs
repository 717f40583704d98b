namespace LambdaLayers.FileSystem;

/// <summary>
/// The function build's folder, <c>build/lambda/function/</c>, a sibling of the layer's: <c>source/</c> (the copy
/// of the project, and of its path dependencies where their relative paths point, that the build backend works
/// in), <c>dist/</c> (the wheels built from them), <c>artifacts/python/</c> (those wheels installed: the zip root,
/// named as in the layer build so the layer's install plans serve <c>--bundle-dependencies</c> unchanged),
/// <c>function.zip</c> and the stage records. Like the layer build folder it is wiped before each build, and the
/// same check keeps that wipe inside the project.
/// </summary>
public sealed class FunctionLayout
{
    public FunctionLayout(string projectDirectory)
    {
        Layout = new LayerLayout(projectDirectory, Path.Combine(Path.GetFullPath(projectDirectory), "build", "lambda", "function"));
    }

    /// <summary>The folder as a build folder: its safety check, cleaning, <c>repo/</c>, <c>artifacts/python</c>, <c>build.json</c> and <c>publish.json</c>.</summary>
    public LayerLayout Layout { get; }

    public string ProjectDirectory => Layout.ProjectDirectory;

    /// <summary><c>build/lambda/function</c>: wiped before each build.</summary>
    public string BuildDirectory => Layout.BuildDirectory;

    /// <summary>The copy of the project (and its path dependencies) the build backend runs in, so nothing is written into the project.</summary>
    public string SourceDirectory => Path.Combine(BuildDirectory, "source");

    /// <summary>Where the project's wheel and its path dependencies' wheels are built.</summary>
    public string DistDirectory => Path.Combine(BuildDirectory, "dist");

    /// <summary><c>artifacts/python</c>: the installed function, the root of function.zip (Lambda unpacks it to /var/task).</summary>
    public string PackageDirectory => Layout.PythonDirectory;

    public string ArtifactsDirectory => Layout.ArtifactsDirectory;

    public string ZipPath => Path.Combine(BuildDirectory, "function.zip");

    /// <summary>PackageFunction's build record: fingerprint and the hash of <c>artifacts/</c>.</summary>
    public string BuildRecordPath => Layout.BuildRecordPath;

    /// <summary>PackageFunction's report: zip hashes, sizes, checks, fingerprint.</summary>
    public string PackageRecordPath => Path.Combine(BuildDirectory, "function.json");

    /// <summary>PublishFunction's deployment record.</summary>
    public string PublishRecordPath => Layout.PublishRecordPath;
}
