using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace LambdaLayers.Toml;

/// <summary>
/// A TOML table: keys in the order the document wrote them, mapped to <see cref="string"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/>, <see cref="DateTimeOffset"/>, <see cref="TomlLocalDateTime"/>,
/// <see cref="TomlLocalDate"/>, <see cref="TomlLocalTime"/>, <see cref="TomlArray"/> or <see cref="TomlTable"/>.
/// The typed getters throw a <see cref="TomlTypeException"/> naming the file and key path when a value has
/// the wrong type, so callers get a user-facing message for free.
/// </summary>
public sealed class TomlTable : IReadOnlyDictionary<string, object>
{
    private readonly OrderedDictionary<string, object> entries = new(StringComparer.Ordinal);

    // Where each key was first written (offset into the document), for "first defined at" in messages.
    private readonly Dictionary<string, int> definedAt = new(StringComparer.Ordinal);

    internal TomlTable(string sourceName, string keyPath, TomlTableKind kind)
    {
        SourceName = sourceName;
        KeyPath = keyPath;
        Kind = kind;
    }

    /// <summary>The name of the document this table was read from, as used in messages.</summary>
    public string SourceName { get; }

    /// <summary>Path of this table from the document root (empty for the root), e.g. <c>tool.poetry</c>.</summary>
    public string KeyPath { get; }

    internal TomlTableKind Kind { get; set; }

    public int Count => entries.Count;

    public IEnumerable<string> Keys => entries.Keys;

    public IEnumerable<object> Values => entries.Values;

    public object this[string key] => entries[key];

    public bool ContainsKey(string key) => entries.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value) => entries.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Path of <paramref name="key"/> in this table from the document root, for messages.</summary>
    public string KeyPathOf(string key) => TomlKeyPath.Append(KeyPath, key);

    /// <summary>True and the table when <paramref name="key"/> holds a table; false when absent; throws when it holds something else.</summary>
    public bool TryGetTable(string key, [NotNullWhen(true)] out TomlTable? table)
    {
        table = GetTable(key);
        return table is not null;
    }

    /// <summary>The string at <paramref name="key"/>, or null when absent; throws <see cref="TomlTypeException"/> when not a string.</summary>
    public string? GetString(string key) => Get<string>(key, TomlValueTypes.String);

    /// <summary>The array at <paramref name="key"/>, or null when absent; throws <see cref="TomlTypeException"/> when not an array.</summary>
    public TomlArray? GetArray(string key) => Get<TomlArray>(key, TomlValueTypes.Array);

    /// <summary>The table at <paramref name="key"/>, or null when absent; throws <see cref="TomlTypeException"/> when not a table.</summary>
    public TomlTable? GetTable(string key) => Get<TomlTable>(key, TomlValueTypes.Table);

    /// <summary>The boolean at <paramref name="key"/>, or null when absent; throws <see cref="TomlTypeException"/> when not a boolean.</summary>
    public bool? GetBoolean(string key) =>
        entries.TryGetValue(key, out var value) ? value as bool? ?? throw WrongType(key, value, TomlValueTypes.Boolean) : null;

    /// <summary>The integer at <paramref name="key"/>, or null when absent; throws <see cref="TomlTypeException"/> when not an integer.</summary>
    public long? GetInteger(string key) =>
        entries.TryGetValue(key, out var value) ? value as long? ?? throw WrongType(key, value, TomlValueTypes.Integer) : null;

    internal void Add(string key, object value, int sourceOffset)
    {
        entries.Add(key, value);
        definedAt.Add(key, sourceOffset);
    }

    internal int DefinedAt(string key) => definedAt[key];

    private T? Get<T>(string key, string typeName) where T : class =>
        entries.TryGetValue(key, out var value) ? value as T ?? throw WrongType(key, value, typeName) : null;

    private TomlTypeException WrongType(string key, object value, string expectedType) =>
        new(SourceName, KeyPathOf(key), expectedType, TomlValueTypes.NameOf(value));
}
