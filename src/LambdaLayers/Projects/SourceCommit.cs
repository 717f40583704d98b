using System.Text.RegularExpressions;

namespace LambdaLayers.Projects;

/// <summary>
/// The commit the project's checkout is at, read from the repository's files without running git: the nearest
/// <c>.git</c> at or above the project (a folder, or a file pointing at one in a worktree or submodule), its
/// <c>HEAD</c> (a commit id, or a ref), the ref as a loose file or in <c>packed-refs</c>, in the worktree's common
/// folder when there is one. Null when the project is not in a git checkout or the commit cannot be read (a ref
/// not written yet in a fresh repository).
/// </summary>
public static partial class SourceCommit
{
    public static string? Find(string projectDirectory)
    {
        try
        {
            for (var folder = Path.GetFullPath(projectDirectory); folder is not null; folder = Path.GetDirectoryName(folder))
            {
                var dotGit = Path.Combine(folder, ".git");
                if (Directory.Exists(dotGit))
                {
                    return FromGitDirectory(dotGit);
                }
                if (File.Exists(dotGit))
                {
                    var pointer = File.ReadAllText(dotGit).Trim();
                    return pointer.StartsWith("gitdir:", StringComparison.Ordinal)
                        ? FromGitDirectory(Path.GetFullPath(Path.Combine(folder, pointer["gitdir:".Length..].Trim())))
                        : null;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable repository is reported as no commit: the record then says so, and nothing fails for it.
        }
        return null;
    }

    private static string? FromGitDirectory(string gitDirectory)
    {
        var headPath = Path.Combine(gitDirectory, "HEAD");
        if (!File.Exists(headPath))
        {
            return null;
        }
        var head = File.ReadAllText(headPath).Trim();
        if (CommitId().IsMatch(head))
        {
            return head.ToLowerInvariant();
        }
        if (!head.StartsWith("ref:", StringComparison.Ordinal))
        {
            return null;
        }
        var reference = head["ref:".Length..].Trim();
        // A linked worktree keeps its HEAD but shares refs with the main repository (named in "commondir").
        var commonPath = Path.Combine(gitDirectory, "commondir");
        var common = File.Exists(commonPath) ? Path.GetFullPath(Path.Combine(gitDirectory, File.ReadAllText(commonPath).Trim())) : gitDirectory;
        foreach (var folder in new[] { gitDirectory, common }.Distinct(StringComparer.Ordinal))
        {
            var loose = Path.Combine(folder, reference.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(loose) && File.ReadAllText(loose).Trim() is var id && CommitId().IsMatch(id))
            {
                return id.ToLowerInvariant();
            }
        }
        var packed = Path.Combine(common, "packed-refs");
        if (File.Exists(packed))
        {
            foreach (var line in File.ReadLines(packed))
            {
                var parts = line.Split(' ', 2);
                if (parts.Length == 2 && parts[1].Trim() == reference && CommitId().IsMatch(parts[0]))
                {
                    return parts[0].ToLowerInvariant();
                }
            }
        }
        return null;
    }

    // SHA-1 (40) or SHA-256 (64) object names.
    [GeneratedRegex("^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$")]
    private static partial Regex CommitId();
}
