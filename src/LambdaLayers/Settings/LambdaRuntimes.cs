namespace LambdaLayers.Settings;

/// <summary>The Lambda Python runtimes this tool builds for, as data (DESIGN §2).</summary>
public static class LambdaRuntimes
{
    public static IReadOnlyList<LambdaRuntime> All { get; } =
    [
        new("python3.10", 3, 10, "AL2", 26),
        new("python3.11", 3, 11, "AL2", 26),
        new("python3.12", 3, 12, "AL2023", 34),
        new("python3.13", 3, 13, "AL2023", 34),
        new("python3.14", 3, 14, "AL2023", 34),
    ];

    /// <summary>Finds a runtime by name ("python3.12"), or null.</summary>
    public static LambdaRuntime? Find(string name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string AcceptedNames => string.Join(", ", All.Select(r => r.Name));
}
