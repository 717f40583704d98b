using Tomlyn.Model;

namespace LambdaLayers.Projects;

/// <summary>Typed look-ups in a TOML table that fail with the file and the full key path.</summary>
internal sealed class KeyReader(string path)
{
    public string Path { get; } = path;

    public TomlTable? Table(TomlTable? parent, string keyPath, string? key = null) =>
        Get(parent, key ?? keyPath) switch
        {
            null => null,
            TomlTable table => table,
            _ => throw WrongType(keyPath, "a table"),
        };

    public string? String(TomlTable? parent, string keyPath, string key) =>
        Get(parent, key) switch
        {
            null => null,
            string text => text,
            _ => throw WrongType(keyPath, "a string"),
        };

    public IReadOnlyList<string> Strings(TomlTable? parent, string keyPath, string key) =>
        Get(parent, key) switch
        {
            null => [],
            TomlArray array when array.All(item => item is string) => array.Cast<string>().ToArray(),
            _ => throw WrongType(keyPath, "an array of strings"),
        };

    public IReadOnlyDictionary<string, IReadOnlyList<string>> StringLists(TomlTable? table, string keyPath)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (table is not null)
        {
            foreach (var key in table.Keys)
            {
                result[key] = Strings(table, $"{keyPath}.{key}", key);
            }
        }
        return result;
    }

    public PyProjectException WrongType(string keyPath, string expected) =>
        new(Path, $"In '{Path}', {keyPath} must be {expected}. Fix that key in pyproject.toml.");

    private static object? Get(TomlTable? parent, string key) =>
        parent is not null && parent.TryGetValue(key, out var value) ? value : null;
}
