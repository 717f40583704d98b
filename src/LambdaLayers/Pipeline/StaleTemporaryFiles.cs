using LambdaLayers.FileSystem;
using Serilog;

namespace LambdaLayers.Pipeline;

/// <summary>
/// Removes the temporary files a killed run leaves in the layer build folder (<c>.layer.zip.*.tmp</c> from
/// packaging, <c>.layer.json.*.tmp</c> from a cache download). A file that another running process still
/// writes is left alone: writers hold their temporary file open without sharing, which on Unix is an exclusive
/// advisory lock that ends with the process, so a file that can be opened exclusively belongs to no live run.
/// </summary>
public static class StaleTemporaryFiles
{
    public static readonly IReadOnlyList<string> Patterns = [".layer.zip.*.tmp", ".layer.json.*.tmp"];

    /// <summary>Deletes the leftovers in <paramref name="layout"/>'s build folder; returns how many.</summary>
    public static int Remove(LayerLayout layout, ILogger log)
    {
        // It deletes in the build folder, so the build folder's one safety check runs right before, as for cleaning.
        layout.EnsureBuildDirectoryIsSafe();
        if (!Directory.Exists(layout.BuildDirectory))
        {
            return 0;
        }
        var removed = 0;
        foreach (var pattern in Patterns)
        {
            foreach (var file in Directory.EnumerateFiles(layout.BuildDirectory, pattern, SearchOption.TopDirectoryOnly))
            {
                if (FileKinds.Of(file) != FileKind.Regular)
                {
                    continue; // never opened: a FIFO under such a name would block the open below
                }
                try
                {
                    using (new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                    {
                        // Opened exclusively: no live writer holds it.
                    }
                    File.Delete(file);
                    removed++;
                    log.Information("Removed {File}, left by an interrupted run", Path.GetFileName(file));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Held by a run in progress (or already gone): not ours to delete.
                }
            }
        }
        return removed;
    }

    /// <summary>A fresh temporary path for <paramref name="name"/> ("layer.zip") in the build folder, matching <see cref="Patterns"/>.</summary>
    public static string NewPath(LayerLayout layout, string name) =>
        Path.Combine(layout.BuildDirectory, $".{name}.{Guid.NewGuid():N}.tmp");
}
