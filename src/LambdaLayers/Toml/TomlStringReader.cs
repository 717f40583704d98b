using System.Globalization;
using System.Text;

namespace LambdaLayers.Toml;

/// <summary>Reads the four TOML string forms: basic, literal, and their multi-line variants.</summary>
internal sealed class TomlStringReader(TomlCursor cursor)
{
    private const string EscapeList = "one of \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX";

    private readonly StringBuilder buffer = new();

    /// <summary>True when a string of any form starts at the cursor.</summary>
    public static bool StartsString(int c) => c is '"' or '\'';

    /// <summary>Reads a string of any form; the cursor is on its opening quote.</summary>
    public string ReadString() => cursor.Peek() switch
    {
        '"' when cursor.StartsWith("\"\"\"") => ReadMultilineBasic(),
        '\'' when cursor.StartsWith("'''") => ReadMultilineLiteral(),
        '"' => ReadBasic(),
        _ => ReadLiteral(),
    };

    /// <summary>Reads a quoted key: a single-line basic or literal string.</summary>
    public string ReadQuotedKey()
    {
        if (cursor.StartsWith("\"\"\"") || cursor.StartsWith("'''"))
        {
            throw cursor.Error("multi-line string used as a key", "a bare key or a single-line quoted key");
        }
        return cursor.Peek() == '"' ? ReadBasic() : ReadLiteral();
    }

    private string ReadBasic()
    {
        var start = cursor.Position;
        cursor.Advance();
        buffer.Clear();
        while (true)
        {
            switch (cursor.Peek())
            {
                case '"':
                    cursor.Advance();
                    return buffer.ToString();
                case '\\':
                    ReadEscape();
                    break;
                case TomlCursor.EndOfInput or '\n' or '\r':
                    throw UnterminatedString(start, "a closing '\"' on the same line (use \"\"\" for a multi-line string)");
                default:
                    cursor.RejectControlCharacter("string");
                    buffer.Append((char)cursor.Peek());
                    cursor.Advance();
                    break;
            }
        }
    }

    private string ReadLiteral()
    {
        var start = cursor.Position;
        cursor.Advance();
        buffer.Clear();
        while (true)
        {
            switch (cursor.Peek())
            {
                case '\'':
                    cursor.Advance();
                    return buffer.ToString();
                case TomlCursor.EndOfInput or '\n' or '\r':
                    throw UnterminatedString(start, "a closing \"'\" on the same line (use ''' for a multi-line string)");
                default:
                    cursor.RejectControlCharacter("literal string");
                    buffer.Append((char)cursor.Peek());
                    cursor.Advance();
                    break;
            }
        }
    }

    private string ReadMultilineBasic()
    {
        var start = cursor.Position;
        cursor.Advance(3);
        cursor.TrySkipNewline(); // a newline right after the opening delimiter is trimmed
        buffer.Clear();
        while (true)
        {
            switch (cursor.Peek())
            {
                case '"':
                    if (TryCloseMultiline('"'))
                    {
                        return buffer.ToString();
                    }
                    break;
                case '\\':
                    if (!TrySkipLineEndingBackslash())
                    {
                        ReadEscape();
                    }
                    break;
                case TomlCursor.EndOfInput:
                    throw UnterminatedString(start, "a closing \"\"\"");
                default:
                    ReadMultilineCharacter("multi-line string");
                    break;
            }
        }
    }

    private string ReadMultilineLiteral()
    {
        var start = cursor.Position;
        cursor.Advance(3);
        cursor.TrySkipNewline();
        buffer.Clear();
        while (true)
        {
            switch (cursor.Peek())
            {
                case '\'':
                    if (TryCloseMultiline('\''))
                    {
                        return buffer.ToString();
                    }
                    break;
                case TomlCursor.EndOfInput:
                    throw UnterminatedString(start, "a closing '''");
                default:
                    ReadMultilineCharacter("multi-line literal string");
                    break;
            }
        }
    }

    /// <summary>
    /// At a quote inside a multi-line string: up to two quotes may sit right before the closing three, so a run of
    /// 3–5 quotes closes the string (the first 0–2 belong to it); fewer are content; more than 5 is an error.
    /// </summary>
    private bool TryCloseMultiline(char quote)
    {
        var run = 0;
        while (cursor.Peek(run) == quote)
        {
            run++;
        }
        if (run < 3)
        {
            buffer.Append(quote, run);
            cursor.Advance(run);
            return false;
        }
        if (run > 5)
        {
            throw cursor.ErrorAt(cursor.Position + 5, $"{run} {quote} characters in a row inside a multi-line string",
                $"at most two {quote} before the closing {new string(quote, 3)} (escape the others)");
        }
        buffer.Append(quote, run - 3);
        cursor.Advance(run);
        return true;
    }

    private void ReadMultilineCharacter(string where)
    {
        // CRLF becomes LF (the spec lets readers normalize newlines), so values read the same as Python's tomllib
        // gives them to the Python tools that read the same pyproject.toml.
        if (cursor.TrySkipNewline())
        {
            buffer.Append('\n');
            return;
        }
        cursor.RejectControlCharacter(where);
        buffer.Append((char)cursor.Peek());
        cursor.Advance();
    }

    /// <summary>
    /// A backslash that is the last non-blank character of a line in a multi-line basic string joins the lines:
    /// it and all whitespace and newlines after it are dropped.
    /// </summary>
    private bool TrySkipLineEndingBackslash()
    {
        var ahead = 1;
        while (cursor.Peek(ahead) is ' ' or '\t')
        {
            ahead++;
        }
        if (cursor.Peek(ahead) is not ('\n' or '\r'))
        {
            return false;
        }
        cursor.Advance(ahead);
        while (cursor.TrySkipNewline() || cursor.Peek() is ' ' or '\t')
        {
            if (cursor.Peek() is ' ' or '\t')
            {
                cursor.Advance();
            }
        }
        return true;
    }

    private void ReadEscape()
    {
        var start = cursor.Position;
        cursor.Advance();
        var c = cursor.Peek();
        switch (c)
        {
            case 'b': buffer.Append('\b'); break;
            case 't': buffer.Append('\t'); break;
            case 'n': buffer.Append('\n'); break;
            case 'f': buffer.Append('\f'); break;
            case 'r': buffer.Append('\r'); break;
            case '"': buffer.Append('"'); break;
            case '\\': buffer.Append('\\'); break;
            case 'u':
                ReadUnicodeEscape(start, 4);
                return;
            case 'U':
                ReadUnicodeEscape(start, 8);
                return;
            default:
                var shown = c is TomlCursor.EndOfInput or '\n' or '\r' ? "\\ at the end of the line" : $"'\\{(char)c}'";
                throw cursor.ErrorAt(start, $"invalid escape sequence {shown}", EscapeList);
        }
        cursor.Advance();
    }

    private void ReadUnicodeEscape(int start, int digits)
    {
        cursor.Advance();
        for (var i = 0; i < digits; i++)
        {
            if (!TomlCursor.IsHexDigit(cursor.Peek(i)))
            {
                throw cursor.ErrorAt(start, $"invalid escape sequence '{cursor.Text[start..Math.Min(cursor.Position + i + 1, cursor.Text.Length)]}'",
                    $"{digits} hexadecimal digits after \\{(digits == 4 ? 'u' : 'U')}");
            }
        }
        var codePoint = long.Parse(cursor.Text.AsSpan(cursor.Position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (codePoint > 0x10FFFF || codePoint is >= 0xD800 and <= 0xDFFF)
        {
            throw cursor.ErrorAt(start, $"escape sequence '{cursor.Text.Substring(start, digits + 2)}' is not a Unicode scalar value",
                "a code point from U+0000 to U+D7FF or U+E000 to U+10FFFF");
        }
        buffer.Append(char.ConvertFromUtf32((int)codePoint));
        cursor.Advance(digits);
    }

    private TomlParseException UnterminatedString(int start, string expected)
    {
        var (line, column) = cursor.LineAndColumn(start);
        return cursor.Error($"unterminated string (opened at line {line}, column {column})", expected);
    }
}
