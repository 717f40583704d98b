namespace LambdaLayers.Settings;

/// <summary>
/// The one spelling of each <see cref="BuildMode"/> users see: the <c>--mode</c> values, the records
/// (build.json), the summary and the log. Parsing and printing both go through this table.
/// </summary>
public static class BuildModeNames
{
    private static readonly (BuildMode Mode, string Name)[] Table =
    [
        (BuildMode.Local, "local"),
        (BuildMode.Container, "container"),
        (BuildMode.CrossPlatform, "cross-platform"),
    ];

    /// <summary>Every accepted <c>--mode</c> value, in the table's order.</summary>
    public static IReadOnlyList<string> All { get; } = Table.Select(t => t.Name).ToArray();

    /// <summary>"cross-platform" for <see cref="BuildMode.CrossPlatform"/>.</summary>
    public static string Name(this BuildMode mode) => Table.First(t => t.Mode == mode).Name;

    /// <summary>The mode a name stands for, or null when it names none (case ignored).</summary>
    public static BuildMode? Find(string name) =>
        Table.Where(t => string.Equals(t.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)).Select(t => (BuildMode?)t.Mode).FirstOrDefault();
}
