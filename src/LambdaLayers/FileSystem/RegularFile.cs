namespace LambdaLayers.FileSystem;

/// <summary>
/// The one way this tool opens a single file a user can put in place (pyproject.toml, the lock file,
/// .nuke/parameters.json, layer.zip, the stage records): the kind is checked first, so a FIFO, socket or device
/// under that name is refused by name instead of blocking the read forever, and a file that cannot be read is a
/// <see cref="UnreadableFileException"/> naming it, not an exception of the runtime.
/// </summary>
public static class RegularFile
{
    /// <summary>
    /// Whether a regular file is at <paramref name="path"/> (through symbolic links). False when nothing is, a dangling
    /// link included; a folder is not a file either. A FIFO, socket or device there is a <see cref="SpecialFileException"/>.
    /// </summary>
    /// <param name="advice">What the user should do, ending the message (for example "Replace it with the project's requirements.txt.").</param>
    public static bool Exists(string path, string? advice = null)
    {
        var kind = FileKinds.OfTarget(path);
        if (FileKinds.IsSpecial(kind))
        {
            throw Special(path, kind, advice);
        }
        return kind == FileKind.Regular;
    }

    /// <summary>Opens <paramref name="path"/> for reading; a missing file is an <see cref="UnreadableFileException"/> too.</summary>
    public static FileStream OpenRead(string path, string? advice = null, int bufferSize = 4096, FileOptions options = FileOptions.None)
    {
        var kind = FileKinds.OfTarget(path);
        if (FileKinds.IsSpecial(kind))
        {
            throw Special(path, kind, advice);
        }
        if (kind == FileKind.Directory)
        {
            throw new UnreadableFileException(path, $"Cannot read '{path}': it is a folder, not a file. {advice ?? "Replace it with a regular file."}");
        }
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e, advice);
        }
    }

    public static byte[] ReadAllBytes(string path, string? advice = null)
    {
        using var stream = OpenRead(path, advice);
        try
        {
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e, advice);
        }
    }

    public static string ReadAllText(string path, string? advice = null)
    {
        using var stream = OpenRead(path, advice);
        try
        {
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e, advice);
        }
    }

    /// <summary>The error for an I/O failure on <paramref name="path"/>, worded the same for every reader.</summary>
    public static UnreadableFileException Unreadable(string path, Exception error, string? advice = null)
    {
        var reason = error switch
        {
            UnauthorizedAccessException => "permission denied",
            FileNotFoundException or DirectoryNotFoundException => "it does not exist",
            _ => error.Message.TrimEnd('.'),
        };
        return new UnreadableFileException(path,
            $"Cannot read '{path}': {reason}. {advice ?? "Check that it exists and that this user may read it."}", error);
    }

    private static SpecialFileException Special(string path, FileKind kind, string? advice) =>
        new(path, kind,
            $"'{path}' is {FileKinds.Describe(kind)}, not a regular file, so it is not read (reading it could wait forever). " +
            (advice ?? "Replace it with a regular file."));
}
