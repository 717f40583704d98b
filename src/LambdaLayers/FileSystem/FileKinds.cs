using System.Runtime.InteropServices;

namespace LambdaLayers.FileSystem;

/// <summary>
/// Tells regular files from FIFOs, sockets and devices without opening them. Opening a FIFO for reading blocks
/// until a writer appears, and reading a character device may never end, so every reader of a file a user can
/// put in place (pyproject.toml, the lock file, the trees under the build folder) asks here first.
/// </summary>
/// <remarks>
/// .NET has no public API for the file type: <see cref="FileSystemInfo.Attributes"/> reports a FIFO, a socket and
/// a device as <see cref="FileAttributes.Normal"/>. This calls the runtime's own native shim
/// (<c>SystemNative_LStat</c> / <c>SystemNative_Stat</c> in libSystem.Native, which <see cref="FileInfo"/> itself
/// uses on Linux and macOS). Its result struct starts with two int32 fields, flags and the POSIX mode, and the
/// buffer here is larger than the whole struct, so fields a later runtime adds cannot overrun it. Windows has no
/// FIFOs or device files in a folder tree, so there the managed attributes answer.
/// </remarks>
public static class FileKinds
{
    private const int TypeMask = 0xF000;

    private static readonly IReadOnlyDictionary<int, FileKind> KindsByTypeBits = new Dictionary<int, FileKind>
    {
        [0x1000] = FileKind.Fifo,
        [0x2000] = FileKind.CharacterDevice,
        [0x4000] = FileKind.Directory,
        [0x6000] = FileKind.BlockDevice,
        [0x8000] = FileKind.Regular,
        [0xA000] = FileKind.SymbolicLink,
        [0xC000] = FileKind.Socket,
    };

    private static readonly IReadOnlyDictionary<FileKind, string> Descriptions = new Dictionary<FileKind, string>
    {
        [FileKind.Missing] = "missing",
        [FileKind.Regular] = "a regular file",
        [FileKind.Directory] = "a folder",
        [FileKind.SymbolicLink] = "a symbolic link",
        [FileKind.Fifo] = "a FIFO (named pipe)",
        [FileKind.Socket] = "a Unix socket",
        [FileKind.CharacterDevice] = "a character device",
        [FileKind.BlockDevice] = "a block device",
    };

    /// <summary>The kind of <paramref name="path"/> itself: a symbolic link is <see cref="FileKind.SymbolicLink"/> (lstat).</summary>
    public static FileKind Of(string path) => Query(path, followLinks: false);

    /// <summary>The kind of what <paramref name="path"/> leads to, through any symbolic links (stat); a dangling link is missing.</summary>
    public static FileKind OfTarget(string path) => Query(path, followLinks: true);

    /// <summary>FIFOs, sockets and devices: never part of a layer, and never to be opened by this tool.</summary>
    public static bool IsSpecial(FileKind kind) =>
        kind is FileKind.Fifo or FileKind.Socket or FileKind.CharacterDevice or FileKind.BlockDevice;

    /// <summary>"a FIFO (named pipe)", "a Unix socket", … for messages.</summary>
    public static string Describe(FileKind kind) => Descriptions[kind];

    /// <summary>
    /// True when an enumerated name cannot be handed back to the system: .NET decodes file names as UTF-8 and puts
    /// U+FFFD where the bytes are not UTF-8, and that decoded name does not exist on disk.
    /// </summary>
    public static bool HasUndecodableName(string path) =>
        Path.GetFileName(path).Contains('\uFFFD') && Of(path) == FileKind.Missing;

    private static FileKind Query(string path, bool followLinks)
    {
        if (OperatingSystem.IsWindows())
        {
            return ManagedKind(path, followLinks);
        }
        var result = followLinks ? Stat(path, out var status) : LStat(path, out status);
        return result != 0 ? FileKind.Missing : KindsByTypeBits.GetValueOrDefault(status.Mode & TypeMask, FileKind.Regular);
    }

    private static FileKind ManagedKind(string path, bool followLinks)
    {
        FileSystemInfo info = new FileInfo(path);
        if (followLinks && info.LinkTarget is not null)
        {
            info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
        }
        if (!info.Exists && !Directory.Exists(info.FullName))
        {
            return FileKind.Missing;
        }
        var attributes = File.GetAttributes(info.FullName);
        return attributes.HasFlag(FileAttributes.ReparsePoint) && !followLinks ? FileKind.SymbolicLink
            : attributes.HasFlag(FileAttributes.Directory) ? FileKind.Directory
            : FileKind.Regular;
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = false)]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus output);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = false)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus output);

    [StructLayout(LayoutKind.Sequential, Size = 512)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
    }
}
