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
    public string PackageReportPath => Path.Combine(BuildDirectory, "layer.json");

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
    /// this delete anything but the build folder.
    /// </summary>
    public void CleanBuildDirectory()
    {
        EnsureBuildDirectoryIsSafe();
        if (Directory.Exists(BuildDirectory))
        {
            Directory.Delete(BuildDirectory, recursive: true);
        }
        Directory.CreateDirectory(BuildDirectory);
    }

    /// <summary>Throws <see cref="UnsafeLayoutException"/> unless the build folder lies strictly inside the project.</summary>
    public void EnsureBuildDirectoryIsSafe()
    {
        var project = ResolveLinks(ProjectDirectory);
        var build = ResolveLinks(BuildDirectory);
        var projectWithSeparator = Path.TrimEndingDirectorySeparator(project) + Path.DirectorySeparatorChar;
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
            ? StringComparison.OrdinalIgnoreCase
            : StringComparison.Ordinal;
        if (!build.StartsWith(projectWithSeparator, comparison) ||
            string.Equals(Path.TrimEndingDirectorySeparator(build), Path.TrimEndingDirectorySeparator(project), comparison))
        {
            throw new UnsafeLayoutException(BuildDirectory, ProjectDirectory);
        }
    }

    // Resolves every symbolic link along the path, so a link named build/ that points at / or at the
    // project itself is seen for what it is.
    private static string ResolveLinks(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            var info = new DirectoryInfo(current);
            if (info.Exists && info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                if (target is not null)
                {
                    current = target.FullName;
                }
            }
        }
        return Path.GetFullPath(current);
    }
}
