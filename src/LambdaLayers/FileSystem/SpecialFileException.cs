namespace LambdaLayers.FileSystem;

/// <summary>A FIFO, socket or device stands where this tool reads a regular file or walks a tree; it is refused by name, never opened.</summary>
public sealed class SpecialFileException(string path, FileKind kind, string message) : LayerException(message)
{
    /// <summary>The path as the message names it (absolute for a single file, relative to the tree inside one).</summary>
    public string Path { get; } = path;

    public FileKind Kind { get; } = kind;
}
