namespace LambdaLayers.Toml;

/// <summary>
/// A TOML value exists but has a different type than the reader of the document needs, for example
/// <c>tool.poetry.name = 3</c>. The message names the file and the full key path.
/// </summary>
public sealed class TomlTypeException(string sourceName, string keyPath, string expectedType, string actualType)
    : LayerException(
        $"{sourceName}: '{keyPath}' is {TomlValueTypes.WithArticle(actualType)}, but it must be " +
        $"{TomlValueTypes.WithArticle(expectedType)}. Change the value of '{keyPath}' in {sourceName}.")
{
    public string SourceName { get; } = sourceName;

    /// <summary>Dotted path of the value from the document root, e.g. <c>tool.poetry.name</c> or <c>a.b[2].c</c>.</summary>
    public string KeyPath { get; } = keyPath;

    public string ExpectedType { get; } = expectedType;

    public string ActualType { get; } = actualType;
}
