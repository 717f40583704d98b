namespace LambdaLayers.Checks;

/// <summary>The POSIX file type of a path (the <c>S_IFMT</c> bits of its mode).</summary>
public enum UnixFileKind
{
    /// <summary>The type could not be read (no Unix, or the path vanished); treated like a regular file.</summary>
    Unknown,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
}
