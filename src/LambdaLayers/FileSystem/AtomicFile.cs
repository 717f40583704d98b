namespace LambdaLayers.FileSystem;

/// <summary>
/// Writes a record file whole or not at all: into a temporary file beside it (named after this process,
/// so two runs never share one), then renamed over the target, so a reader or a crash never meets half a file.
/// </summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new LayerException(
                $"Cannot write '{path}': {(e is UnauthorizedAccessException ? "permission denied" : e.Message.TrimEnd('.'))}. " +
                "Make sure this user may write to the build folder and that the disk has room, then run again.", e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the write's own error is the one to report
        }
    }
}
