namespace LambdaLayers.Tests.Toml;

/// <summary>
/// Finds the toml-test suite (shared/reference/toml-test beside the repository, or TOML_TEST_DIR) and lists the
/// TOML 1.0 cases exactly as its tests/files-toml-1.0.0 names them.
/// </summary>
internal static class TomlTestSuite
{
    public const string EnvironmentVariable = "TOML_TEST_DIR";
    private const string ListFile = "files-toml-1.0.0";

    /// <summary>The suite's <c>tests</c> folder (the one holding files-toml-1.0.0, valid/ and invalid/).</summary>
    public static string TestsDirectory { get; } = Locate();

    /// <summary>Every .toml file the 1.0 list names, as relative paths like <c>valid/array/array.toml</c>.</summary>
    public static IReadOnlyList<string> Cases { get; } =
        File.ReadAllLines(Path.Combine(TestsDirectory, ListFile))
            .Select(line => line.Trim())
            .Where(line => line.EndsWith(".toml", StringComparison.Ordinal))
            .ToList();

    public static string PathOf(string relativeCase) => Path.Combine(TestsDirectory, relativeCase);

    private static string Locate()
    {
        var overridden = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(overridden))
        {
            return TestsFolderIn(overridden)
                ?? throw new InvalidOperationException($"{EnvironmentVariable}={overridden} holds no {ListFile} (neither in it nor in its tests/ folder).");
        }

        // The repository root holds LambdaLayers.sln; shared/ sits beside the repository (CI: <repo>/../shared),
        // or further up for a git worktree, so every ancestor of the root is tried.
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "LambdaLayers.sln")))
        {
            repository = repository.Parent;
        }
        for (var dir = repository?.Parent; dir is not null; dir = dir.Parent)
        {
            var found = TestsFolderIn(Path.Combine(dir.FullName, "shared", "reference", "toml-test"));
            if (found is not null)
            {
                return found;
            }
        }
        throw new InvalidOperationException(
            $"The toml-test suite was not found in shared/reference/toml-test beside the repository " +
            $"({repository?.FullName ?? "repository root not found"}); set {EnvironmentVariable} to its folder.");
    }

    private static string? TestsFolderIn(string root)
    {
        foreach (var candidate in new[] { root, Path.Combine(root, "tests") })
        {
            if (File.Exists(Path.Combine(candidate, ListFile)))
            {
                return Path.GetFullPath(candidate);
            }
        }
        return null;
    }
}
