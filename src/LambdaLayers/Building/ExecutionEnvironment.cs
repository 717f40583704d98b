namespace LambdaLayers.Building;

/// <summary>
/// Where a plan will run, as strategies need to know it: the project folder as seen there (the host path,
/// or <c>/var/task</c> in a container), the Python interpreter to call, and the build folder inside it.
/// </summary>
public sealed record ExecutionEnvironment(string ProjectDirectory, string BuildDirectory, string PythonCommand, bool IsContainer)
{
    /// <summary>Joins path segments with '/' inside a container and the host separator on the host.</summary>
    public string Path(params string[] segments) =>
        IsContainer ? string.Join('/', segments).Replace("//", "/") : System.IO.Path.Combine(segments);
}
