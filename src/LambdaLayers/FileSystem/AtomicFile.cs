namespace LambdaLayers.FileSystem;

/// <summary>
/// Writes a record file whole or not at all: into a temporary file beside it (named after this process,
/// so two runs never share one), then renamed over the target, so a reader or a crash never meets half a file.
/// </summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (IOException)
            {
                // the write's own error is the one to report
            }
            throw;
        }
    }
}
