using System.Globalization;

namespace LambdaLayers.Toml;

/// <summary>
/// Position in a TOML document plus the lexical rules shared by every part of the grammar: whitespace,
/// newlines, comments and which characters may appear where. Errors are created here so every message
/// carries the file, line and column.
/// </summary>
internal sealed class TomlCursor(string text, string sourceName)
{
    public const int EndOfInput = -1;

    public string Text { get; } = text;

    public string SourceName { get; } = sourceName;

    public int Position { get; set; }

    public bool IsAtEnd => Position >= Text.Length;

    /// <summary>The character <paramref name="ahead"/> places from here, or <see cref="EndOfInput"/>.</summary>
    public int Peek(int ahead = 0)
    {
        var index = Position + ahead;
        return index < Text.Length ? Text[index] : EndOfInput;
    }

    public bool StartsWith(string expected) => string.CompareOrdinal(Text, Position, expected, 0, expected.Length) == 0;

    public void Advance(int count = 1) => Position += count;

    /// <summary>Consumes <paramref name="expected"/> or fails with "expected <paramref name="description"/>".</summary>
    public void Expect(char expected, string description)
    {
        if (Peek() != expected)
        {
            throw Error($"unexpected {DescribeCurrent()}", description);
        }
        Advance();
    }

    public void SkipWhitespace()
    {
        while (Peek() is ' ' or '\t')
        {
            Advance();
        }
    }

    /// <summary>Consumes LF or CRLF if one is next. A carriage return on its own is an error.</summary>
    public bool TrySkipNewline()
    {
        switch (Peek())
        {
            case '\n':
                Advance();
                return true;
            case '\r' when Peek(1) == '\n':
                Advance(2);
                return true;
            case '\r':
                throw Error("carriage return not followed by a line feed", "a newline (LF or CRLF)");
            default:
                return false;
        }
    }

    /// <summary>Consumes a comment if one starts here, checking that it contains no control characters.</summary>
    public void SkipComment()
    {
        if (Peek() != '#')
        {
            return;
        }
        Advance();
        while (!IsAtEnd && Peek() is not '\n' and not '\r')
        {
            RejectControlCharacter("comment");
            Advance();
        }
    }

    /// <summary>After a key/value pair or a header: optional whitespace and comment, then a newline or the end.</summary>
    public void ExpectEndOfLine(string after)
    {
        SkipWhitespace();
        SkipComment();
        if (!IsAtEnd && !TrySkipNewline())
        {
            throw Error($"unexpected {DescribeCurrent()} after {after}", "a newline or a comment (each key/value pair and table header goes on its own line)");
        }
    }

    /// <summary>Inside arrays: any mix of whitespace, newlines and comments.</summary>
    public void SkipWhitespaceCommentsAndNewlines()
    {
        while (true)
        {
            SkipWhitespace();
            SkipComment();
            if (!TrySkipNewline())
            {
                return;
            }
        }
    }

    /// <summary>Fails on a control character other than tab, which TOML allows nowhere but as a newline.</summary>
    public void RejectControlCharacter(string where)
    {
        var c = Peek();
        if (c is (< 0x20 and not '\t') or 0x7F)
        {
            var hint = where.Contains("string", StringComparison.Ordinal) ? " (write control characters in a basic string as \\uXXXX)" : "";
            throw Error($"control character {Describe(c)} in a {where}", $"printable characters or tab{hint}");
        }
    }

    public TomlParseException Error(string problem, string expected) => ErrorAt(Position, problem, expected);

    public TomlParseException ErrorAt(int offset, string problem, string expected)
    {
        var (line, column) = LineAndColumn(offset);
        return new TomlParseException(SourceName, line, column, problem, expected);
    }

    /// <summary>1-based line and column (in code points) of a character offset.</summary>
    public (int Line, int Column) LineAndColumn(int offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset && i < Text.Length; i++)
        {
            if (Text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else if (!char.IsLowSurrogate(Text[i]))
            {
                column++;
            }
        }
        return (line, column);
    }

    public string DescribeCurrent() =>
        char.IsHighSurrogate((char)Math.Max(Peek(), 0)) && Position + 1 < Text.Length
            ? $"'{Text.Substring(Position, 2)}'"
            : Describe(Peek());

    public static string Describe(int c) => c switch
    {
        EndOfInput => "end of file",
        '\n' or '\r' => "end of line",
        ' ' => "space",
        '\t' => "tab",
        < 0x20 or 0x7F or 0xFEFF or (>= 0x80 and <= 0x9F) => string.Create(CultureInfo.InvariantCulture, $"U+{c:X4}"),
        _ => $"'{(char)c}'",
    };

    public static bool IsDigit(int c) => c is >= '0' and <= '9';

    public static bool IsHexDigit(int c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F');

    public static bool IsBareKeyChar(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';
}
