namespace LambdaLayers.Tests.Support;

/// <summary>Locates the repository (the folder holding LambdaLayers.sln) from the test binaries.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>tests/uv-standin</c>: holds the <c>uv</c> stand-in script.</summary>
    public static string UvStandInDirectory => Path.Combine(Root, "tests", "uv-standin");

    public static string UvStandIn => Path.Combine(UvStandInDirectory, "uv");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LambdaLayers.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("LambdaLayers.sln not found above " + AppContext.BaseDirectory);
    }
}
