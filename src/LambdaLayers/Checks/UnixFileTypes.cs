using System.Runtime.InteropServices;

namespace LambdaLayers.Checks;

/// <summary>
/// Tells regular files from FIFOs, sockets and devices without opening them: opening a FIFO for reading
/// blocks until a writer appears, so a named pipe in a layer tree would hang the zip writer for good.
/// .NET has no public API for the file type (<see cref="FileSystemInfo.Attributes"/> reports a FIFO as
/// Normal), so this asks the runtime's own native shim, <c>SystemNative_Stat</c> in libSystem.Native,
/// which every .NET on Linux and macOS ships and which <see cref="FileInfo"/> itself calls. Its result
/// struct starts with two int32 fields, flags and the POSIX mode, on every Unix; the buffer is made
/// larger than the whole struct so a later field added by a newer runtime cannot overrun it. When the
/// shim cannot be called the kind is <see cref="UnixFileKind.Unknown"/>, never an exception.
/// </summary>
public static class UnixFileTypes
{
    private const int TypeMask = 0xF000;

    private static readonly IReadOnlyDictionary<int, UnixFileKind> KindsByTypeBits = new Dictionary<int, UnixFileKind>
    {
        [0x1000] = UnixFileKind.Fifo,
        [0x2000] = UnixFileKind.CharacterDevice,
        [0x4000] = UnixFileKind.Directory,
        [0x6000] = UnixFileKind.BlockDevice,
        [0x8000] = UnixFileKind.Regular,
        [0xA000] = UnixFileKind.SymbolicLink,
        [0xC000] = UnixFileKind.Socket,
    };

    private static readonly IReadOnlyDictionary<UnixFileKind, string> Descriptions = new Dictionary<UnixFileKind, string>
    {
        [UnixFileKind.Fifo] = "a FIFO (named pipe)",
        [UnixFileKind.Socket] = "a Unix socket",
        [UnixFileKind.CharacterDevice] = "a character device",
        [UnixFileKind.BlockDevice] = "a block device",
        [UnixFileKind.Directory] = "a folder",
        [UnixFileKind.SymbolicLink] = "a symbolic link",
        [UnixFileKind.Regular] = "a regular file",
        [UnixFileKind.Unknown] = "a file of unknown type",
    };

    private static bool _shimMissing;

    /// <summary>The kind of file at <paramref name="path"/>, following symbolic links.</summary>
    public static UnixFileKind Of(string path)
    {
        if (OperatingSystem.IsWindows() || _shimMissing)
        {
            return UnixFileKind.Unknown;
        }
        try
        {
            if (Stat(path, out var status) != 0)
            {
                return UnixFileKind.Unknown;
            }
            return KindsByTypeBits.GetValueOrDefault(status.Mode & TypeMask, UnixFileKind.Unknown);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _shimMissing = true;
            return UnixFileKind.Unknown;
        }
    }

    /// <summary>"a FIFO (named pipe)", "a Unix socket", … for messages.</summary>
    public static string Describe(UnixFileKind kind) => Descriptions[kind];

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatusBuffer output);

    [StructLayout(LayoutKind.Sequential, Size = 512)]
    private struct FileStatusBuffer
    {
        public int Flags;
        public int Mode;
    }
}
