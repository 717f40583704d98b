namespace LambdaLayers.FileSystem;

/// <summary>What a path names, as lstat(2) or stat(2) tells it (the <c>S_IFMT</c> bits of the mode).</summary>
public enum FileKind
{
    /// <summary>Nothing is there under this name (or the name cannot be passed back to the system, see <see cref="FileKinds"/>).</summary>
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
}
