using System.Collections;

namespace LambdaLayers.Toml;

/// <summary>
/// A TOML array: either a static array written as <c>[ ... ]</c> (values may have mixed types) or an array of
/// tables built by <c>[[header]]</c> sections. The typed views throw a <see cref="TomlTypeException"/> naming
/// the element (<c>project.dependencies[2]</c>) when an element has the wrong type.
/// </summary>
public sealed class TomlArray : IReadOnlyList<object>
{
    private readonly List<object> items = [];

    internal TomlArray(string sourceName, string keyPath, bool isArrayOfTables)
    {
        SourceName = sourceName;
        KeyPath = keyPath;
        IsArrayOfTables = isArrayOfTables;
    }

    /// <summary>The name of the document this array was read from, as used in messages.</summary>
    public string SourceName { get; }

    /// <summary>Path of this array from the document root, e.g. <c>project.dependencies</c>.</summary>
    public string KeyPath { get; }

    /// <summary>True for an array built by <c>[[header]]</c> sections, false for a <c>[ ... ]</c> value.</summary>
    public bool IsArrayOfTables { get; }

    public int Count => items.Count;

    public object this[int index] => items[index];

    public IEnumerator<object> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Path of the element at <paramref name="index"/>, for messages.</summary>
    public string KeyPathOf(int index) => TomlKeyPath.Index(KeyPath, index);

    /// <summary>Every element as a string; throws <see cref="TomlTypeException"/> at the first one that is not.</summary>
    public IReadOnlyList<string> GetStrings() => ElementsOf<string>(TomlValueTypes.String);

    /// <summary>Every element as a table; throws <see cref="TomlTypeException"/> at the first one that is not.</summary>
    public IReadOnlyList<TomlTable> GetTables() => ElementsOf<TomlTable>(TomlValueTypes.Table);

    internal void Add(object value) => items.Add(value);

    private List<T> ElementsOf<T>(string typeName)
    {
        var result = new List<T>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            result.Add(items[i] is T typed
                ? typed
                : throw new TomlTypeException(SourceName, KeyPathOf(i), typeName, TomlValueTypes.NameOf(items[i])));
        }
        return result;
    }
}
