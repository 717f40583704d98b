using LambdaLayers.FileSystem;

namespace LambdaLayers.Packaging;

/// <summary>
/// Lists every regular file under a layer tree. A symbolic link that resolves inside the tree is stored
/// as what it points to (a linked file as that file's bytes, a linked folder as its files under the
/// link's path), because zip has no portable link entry and Lambda extracts plain files. A link that
/// resolves outside the tree, dangles, or leads back into a folder it sits in is an error naming it: the
/// first would copy host files into a published layer, the last would never end. A FIFO, socket or device, a name
/// that is not UTF-8 or an unreadable folder is refused by name as well, before anything is opened.
/// </summary>
public static class LayerTreeWalker
{
    private const int ExecutableBits = 0b001_001_001; // any of u+x, g+x, o+x

    public static IReadOnlyList<LayerFile> Walk(string root)
    {
        var realRoot = RealPath.Resolve(root);
        var files = new List<LayerFile>();
        var stack = new List<string> { realRoot };
        try
        {
            WalkFolder(root, "", realRoot, stack, files);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TreeEntries.Unreadable(root, e);
        }
        return files;
    }

    private static void WalkFolder(string folder, string relativeFolder, string realRoot, List<string> stack, List<LayerFile> files)
    {
        foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            var relative = relativeFolder.Length == 0 ? info.Name : relativeFolder + "/" + info.Name;
            TreeEntries.Check(info, relative, realRoot);
            // The enumeration's cached stat says whether this is a link; only links cost a readlink.
            if (info.Attributes.HasFlag(FileAttributes.ReparsePoint) && info.LinkTarget is not null)
            {
                var target = RealPath.Resolve(info.FullName);
                if (!RealPath.IsInside(target, realRoot))
                {
                    throw new UnsafeSymlinkException(relative,
                        $"The symbolic link '{relative}' in the layer tree points outside it, to '{info.LinkTarget}' ('{target}'). " +
                        "A layer may only contain files from its own tree: replace the link with a copy of what it points to, or remove it, then run BuildLayer again.");
                }
                if (Directory.Exists(target))
                {
                    if (stack.Any(open => RealPath.IsInside(open, target)))
                    {
                        throw new UnsafeSymlinkException(relative,
                            $"The symbolic link '{relative}' in the layer tree points back to '{info.LinkTarget}', a folder that contains it, " +
                            "so its contents would repeat forever. Remove the link, then run BuildLayer again.");
                    }
                    stack.Add(target);
                    WalkFolder(target, relative, realRoot, stack, files);
                    stack.RemoveAt(stack.Count - 1);
                }
                else if (File.Exists(target))
                {
                    var linked = new FileInfo(target);
                    TreeEntries.CheckKind(target, linked.Length, relative, realRoot);
                    files.Add(FileAt(relative, linked));
                }
                else
                {
                    throw new UnsafeSymlinkException(relative,
                        $"The symbolic link '{relative}' in the layer tree points to '{info.LinkTarget}', which does not exist. " +
                        "Remove the link or restore its target, then run BuildLayer again.");
                }
            }
            else if (info is DirectoryInfo)
            {
                var real = Path.Combine(stack[^1], info.Name);
                stack.Add(real);
                WalkFolder(info.FullName, relative, realRoot, stack, files);
                stack.RemoveAt(stack.Count - 1);
            }
            else if (info is FileInfo file)
            {
                files.Add(FileAt(relative, file));
            }
        }
    }

    // Only the executable bit is carried over: 0755 or 0644, so umask and group settings of the build
    // host cannot leak into the zip. Windows has no such bit, so there every file is 0644.
    private static LayerFile FileAt(string relative, FileInfo file)
    {
        var executable = !OperatingSystem.IsWindows() && ((int)file.UnixFileMode & ExecutableBits) != 0;
        return new LayerFile(relative, file.FullName, file.Length, executable ? 0b111_101_101 : 0b110_100_100);
    }
}
