namespace LambdaLayers.Projects;

/// <summary>
/// The repository a project lives in: the nearest folder at or above it that holds <c>.git</c> (a folder,
/// or a file in a worktree or submodule), found without running git. A path dependency outside it is
/// allowed but worth a line in the log: a fresh checkout of the repository alone does not contain it.
/// </summary>
public static class RepositoryRoot
{
    /// <summary>The git top-level of <paramref name="projectDirectory"/>, or the project folder itself when it is not in git.</summary>
    public static string Find(string projectDirectory)
    {
        var start = Path.GetFullPath(projectDirectory);
        for (var folder = start; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            var git = Path.Combine(folder, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return folder;
            }
        }
        return start;
    }
}
