namespace LambdaLayers.Toml;

/// <summary>
/// A TOML document is not valid TOML 1.0. The message reads
/// "<c>&lt;file&gt;:&lt;line&gt;:&lt;column&gt;: &lt;what was wrong&gt;; expected &lt;what&gt;</c>" so editors and
/// terminals can jump to the spot, and it tells the user what would have been accepted there.
/// </summary>
public sealed class TomlParseException : LayerException
{
    public TomlParseException(string sourceName, int line, int column, string problem, string expected)
        : base($"{sourceName}:{line}:{column}: {problem}; expected {expected}")
    {
        SourceName = sourceName;
        Line = line;
        Column = column;
        Problem = problem;
        Expected = expected;
    }

    /// <summary>The file name (or the name given to <see cref="TomlReader.Parse"/>) of the document at fault.</summary>
    public string SourceName { get; }

    /// <summary>1-based line of the offending character.</summary>
    public int Line { get; }

    /// <summary>1-based column (in Unicode code points) of the offending character.</summary>
    public int Column { get; }

    /// <summary>What was wrong, without the location and without the "expected" part.</summary>
    public string Problem { get; }

    /// <summary>What would have been accepted at that spot.</summary>
    public string Expected { get; }
}
