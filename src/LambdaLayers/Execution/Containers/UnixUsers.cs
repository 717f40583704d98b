using System.Runtime.InteropServices;

namespace LambdaLayers.Execution.Containers;

/// <summary>
/// The few POSIX user facts the container executor needs: who this process is, who owns a folder, and
/// giving a folder tree to a user. .NET has no API for owners, so these call libc and stat(1) (through
/// <see cref="ProcessRunner"/>).
/// </summary>
internal static class UnixUsers
{
    // stat answers at once; a hung network mount must not hang the build.
    private static readonly TimeSpan StatTimeLimit = TimeSpan.FromSeconds(30);

    public static bool IsSupported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    /// <summary>"uid:gid" of this process.</summary>
    public static string CurrentUser() => $"{geteuid()}:{getegid()}";

    public static bool IsRoot => IsSupported && geteuid() == 0;

    /// <summary>"uid:gid" owning <paramref name="path"/> (GNU stat, then BSD stat), or null.</summary>
    public static string? OwnerOf(string path)
    {
        foreach (var format in new[] { "-c", "-f" })
        {
            try
            {
                var result = ProcessRunner.Run(new ProcessRequest("stat", [format, "%u:%g", path]) { TimeLimit = StatTimeLimit });
                var output = string.Join('\n', result.StandardOutput).Trim();
                if (result.Succeeded && TryParse(output, out _, out _))
                {
                    return output;
                }
            }
            catch (ToolNotFoundException)
            {
                return null;
            }
        }
        return null;
    }

    public static bool TryParse(string user, out uint uid, out uint gid)
    {
        uid = gid = 0;
        var parts = user.Split(':');
        return parts.Length == 2 && uint.TryParse(parts[0], out uid) && uint.TryParse(parts[1], out gid);
    }

    /// <summary>
    /// Gives <paramref name="root"/> and everything under it to uid:gid, without following symbolic links
    /// (a venv's links must not hand over what they point at).
    /// </summary>
    public static void ChangeOwnerRecursively(string root, uint uid, uint gid)
    {
        if (!Directory.Exists(root) && !File.Exists(root))
        {
            return;
        }
        Change(root);
        if (!Directory.Exists(root) || new DirectoryInfo(root).LinkTarget is not null)
        {
            return;
        }
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", options))
        {
            Change(entry.FullName);
        }

        void Change(string path)
        {
            if (lchown(path, uid, gid) != 0)
            {
                throw new LayerException($"Could not give '{path}' to the container user {uid}:{gid} (errno {Marshal.GetLastPInvokeError()}). Check that the build folder is on a local file system.");
            }
        }
    }

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();

    [DllImport("libc", SetLastError = false)]
    private static extern uint getegid();

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int lchown(string path, uint owner, uint group);
}
