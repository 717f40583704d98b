namespace LambdaLayers.FileSystem;

/// <summary>
/// The checks every walk over a tree this tool hashes or zips makes on each entry, before anything is opened: an
/// entry must be a folder, a symbolic link or a regular file, readable under its name. A FIFO, socket or device is
/// refused by name (opening a FIFO waits for a writer forever); a name that is not valid UTF-8 cannot be opened at
/// all by .NET, so it is named and refused instead of failing somewhere deeper.
/// </summary>
internal static class TreeEntries
{
    /// <summary>Throws unless <paramref name="info"/>, found by enumerating <paramref name="root"/>, may be read as what it says it is.</summary>
    public static void Check(FileSystemInfo info, string relative, string root)
    {
        if ((int)info.Attributes == -1)
        {
            // The enumeration found the name but its stat failed: either the name is not UTF-8, or it is gone already.
            throw FileKinds.HasUndecodableName(info.FullName)
                ? new UnreadableFileException(info.FullName,
                    $"'{relative}' in '{root}' has a name that is not valid UTF-8 (shown with \uFFFD where the bytes are not), so it can be " +
                    "neither read nor put into a zip, whose names are UTF-8. Rename or remove it (for example with `ls -b` to see the name and " +
                    "`rm` to delete it), then run again.")
                : new UnreadableFileException(info.FullName,
                    $"'{relative}' in '{root}' disappeared while it was being read: another process is changing that folder. " +
                    "Make sure no other build writes there at the same time, then run again.");
        }
        if (info is FileInfo file && !file.Attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            CheckKind(file.FullName, file.Length, relative, root);
        }
    }

    /// <summary>
    /// Throws when the regular-looking file at <paramref name="path"/> is a FIFO, socket or device. Those have size 0
    /// on Linux, so only empty files cost the extra lstat there; elsewhere every file is asked.
    /// </summary>
    public static void CheckKind(string path, long length, string relative, string root)
    {
        if (length != 0 && OperatingSystem.IsLinux())
        {
            return;
        }
        var kind = FileKinds.OfTarget(path);
        if (FileKinds.IsSpecial(kind))
        {
            throw new SpecialFileException(relative,
                kind,
                $"'{relative}' in '{root}' is {FileKinds.Describe(kind)}: a layer holds only regular files, folders and symbolic links, " +
                "and reading it could wait forever. Remove it (no installer puts one there), then run again.");
        }
    }

    /// <summary>An enumeration or read in the tree failed for want of permission or through I/O: named, with what to do.</summary>
    public static UnreadableFileException Unreadable(string root, Exception error) =>
        new(root,
            $"Cannot read everything in '{root}': {(error is UnauthorizedAccessException ? "permission denied" : "I/O error")} ({error.Message.TrimEnd('.')}). " +
            "Make sure this user may read every file and folder in it, or delete the folder so the build recreates it, then run again.",
            error);
}
