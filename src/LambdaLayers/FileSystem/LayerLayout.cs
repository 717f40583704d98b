namespace LambdaLayers.FileSystem;

/// <summary>
/// The seed's build layout under the project: <c>build/lambda/layer/</c> holds <c>repo/</c> (copies of
/// the manifests and any venv), <c>artifacts/python/</c> (what goes into the zip), <c>layer.zip</c> and the
/// stage records. The layer build folder is the only thing this tool ever deletes.
/// </summary>
public sealed class LayerLayout
{
    public LayerLayout(string projectDirectory, string? buildDirectory = null)
    {
        ProjectDirectory = Path.GetFullPath(projectDirectory);
        BuildDirectory = Path.GetFullPath(buildDirectory ?? Path.Combine(ProjectDirectory, "build", "lambda", "layer"));
    }

    public string ProjectDirectory { get; }

    /// <summary><c>build/lambda/layer</c>: wiped before each build.</summary>
    public string BuildDirectory { get; }

    /// <summary>The isolated folder the tool runs in: manifest copies and any venv.</summary>
    public string RepoDirectory => Path.Combine(BuildDirectory, "repo");

    public string ArtifactsDirectory => Path.Combine(BuildDirectory, "artifacts");

    /// <summary><c>artifacts/python</c>: the installed packages.</summary>
    public string PythonDirectory => Path.Combine(ArtifactsDirectory, "python");

    public string ZipPath => Path.Combine(BuildDirectory, "layer.zip");

    /// <summary>BuildLayer's record: fingerprint and the hash of <c>artifacts/</c>.</summary>
    public string BuildRecordPath => Path.Combine(BuildDirectory, "build.json");

    /// <summary>PackageLayer's report: zip hashes, sizes, per-distribution sizes, fingerprint.</summary>
    public string PackageRecordPath => Path.Combine(BuildDirectory, "layer.json");

    /// <summary>PublishLayer's deployment record.</summary>
    public string PublishRecordPath => Path.Combine(BuildDirectory, "publish.json");

    /// <summary>
    /// Scratch space that must survive a wipe of the build folder (the container script): beside the build
    /// folder, never inside it, in a <c>.scratch/</c> folder shared with the build folders next to it (the entries
    /// of a matrix), one subfolder each, so builds that run at the same time never remove each other's files.
    /// </summary>
    public string ScratchDirectory => Path.Combine(ScratchRoot, Path.GetFileName(BuildDirectory));

    /// <summary>The <c>.scratch/</c> folder beside the build folder that holds <see cref="ScratchDirectory"/>.</summary>
    public string ScratchRoot => Path.Combine(Path.GetDirectoryName(BuildDirectory)!, ".scratch");

    /// <summary>
    /// Deletes the layer build folder and recreates it empty. Refuses a layout whose build folder is the
    /// project root, a parent of it, or outside it, after resolving symbolic links, so no setting can make
    /// this delete anything but the build folder. A build folder that is a link to a folder not made yet (inside
    /// the project) gets that folder made.
    /// </summary>
    public void CleanBuildDirectory()
    {
        EnsureBuildDirectoryIsSafe();
        var real = RealPath.Resolve(BuildDirectory);
        try
        {
            if (Directory.Exists(real))
            {
                Directory.Delete(real, recursive: true);
            }
            Directory.CreateDirectory(real);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LayerException(
                $"Cannot clean the layer build folder '{BuildDirectory}': {e.Message.TrimEnd('.')}. " +
                UndeletableHint(real) +
                "Remove the folder yourself (or make it writable for this user), then run again.", e);
        }
    }

    /// <summary>
    /// The one check that the build folder is safe to wipe: it must lie strictly inside the project, after every
    /// symbolic link along either path is resolved (a dangling one by its text, as realpath -m does, so a link to a
    /// place that does not exist yet cannot lead outside either). Throws <see cref="UnsafeLayoutException"/>.
    /// Settings validation runs it for every build folder a user or a build's code names; cleaning runs it again
    /// right before it deletes.
    /// </summary>
    /// <param name="origin">Where the build folder came from ("from the command line"), for the message; null when unknown.</param>
    public void EnsureBuildDirectoryIsSafe(string? origin = null)
    {
        var project = RealPath.Resolve(ProjectDirectory);
        var build = RealPath.Resolve(BuildDirectory);
        if (!RealPath.IsInside(build, project) || string.Equals(build, Path.TrimEndingDirectorySeparator(project), PathComparison))
        {
            throw new UnsafeLayoutException(BuildDirectory, ProjectDirectory,
                string.Equals(build, Path.TrimEndingDirectorySeparator(BuildDirectory), PathComparison) ? null : build, origin);
        }
    }

    private static StringComparison PathComparison => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
        ? StringComparison.OrdinalIgnoreCase
        : StringComparison.Ordinal;

    // .NET cannot delete an entry whose name is not UTF-8 (it only knows the decoded name): say which one.
    private static string UndeletableHint(string folder)
    {
        try
        {
            var undecodable = Directory.EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
                .FirstOrDefault(FileKinds.HasUndecodableName);
            return undecodable is null ? "" : $"'{undecodable}' has a name that is not valid UTF-8 (shown with \uFFFD), which this tool cannot delete. ";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
