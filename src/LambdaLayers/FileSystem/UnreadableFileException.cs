namespace LambdaLayers.FileSystem;

/// <summary>
/// A file or folder this tool must read cannot be: no permission, an I/O error, or a name that is not valid UTF-8
/// (which .NET cannot hand back to the system). The message names it and says what to do.
/// </summary>
public sealed class UnreadableFileException : LayerException
{
    public UnreadableFileException(string path, string message) : base(message) => Path = path;

    public UnreadableFileException(string path, string message, Exception inner) : base(message, inner) => Path = path;

    public string Path { get; }
}
