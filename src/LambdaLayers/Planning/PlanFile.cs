namespace LambdaLayers.Planning;

/// <summary>
/// A file copied into the isolated <c>repo/</c> folder before the commands run. Both paths are host paths
/// (a container build copies on the host into the mounted build folder).
/// </summary>
public sealed record PlanFile(string Source, string Destination)
{
    /// <summary>Copies the file, creating the destination folder; every executor copies this way.</summary>
    public void Copy()
    {
        if (!File.Exists(Source))
        {
            throw new LayerException($"The build plan copies '{Source}', which does not exist.");
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(Destination))!);
            File.Copy(Source, Destination, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LayerException(
                $"Cannot copy '{Source}' to '{Destination}': {(e is UnauthorizedAccessException ? "permission denied" : e.Message.TrimEnd('.'))}. " +
                "Make sure this user may read the project and write to the build folder, then run again.", e);
        }
    }
}
