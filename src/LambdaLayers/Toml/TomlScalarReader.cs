using System.Globalization;

namespace LambdaLayers.Toml;

/// <summary>
/// Reads the unquoted values: booleans, integers, floats and the four date/time types. It first takes the
/// run of characters that can belong to such a value, then decides what it is from its shape.
/// </summary>
internal sealed class TomlScalarReader(TomlCursor cursor)
{
    private const string AnyValue =
        "a value: a string, number, boolean, date/time, array [ ... ] or inline table { ... }";

    public object ReadScalar()
    {
        var start = cursor.Position;
        var token = ReadToken();
        if (token.Length == 0)
        {
            throw cursor.Error($"unexpected {cursor.DescribeCurrent()}", AnyValue);
        }
        return token switch
        {
            "true" => true,
            "false" => false,
            _ when LooksLikeDate(token) => new TomlDateTimeReader(cursor, start, token).Read(),
            _ when LooksLikeTime(token) => new TomlDateTimeReader(cursor, start, token).Read(),
            _ when IsNumberStart(token[0]) => ReadNumber(start, token),
            _ => throw cursor.ErrorAt(start, $"unexpected '{token}'",
                $"{AnyValue} (true and false are lower case; put text in quotes)"),
        };
    }

    /// <summary>
    /// The characters a bare value can contain. A date followed by a space and a time is one value
    /// (<c>1979-05-27 07:32:00</c>), so the space is taken in that one case.
    /// </summary>
    private string ReadToken()
    {
        var start = cursor.Position;
        SkipTokenCharacters();
        if (cursor.Peek() == ' ' && cursor.Position - start == 10 && LooksLikeDate(cursor.Text.Substring(start, 10)) &&
            TomlCursor.IsDigit(cursor.Peek(1)) && TomlCursor.IsDigit(cursor.Peek(2)) && cursor.Peek(3) == ':')
        {
            cursor.Advance();
            SkipTokenCharacters();
        }
        return cursor.Text[start..cursor.Position];
    }

    private void SkipTokenCharacters()
    {
        while (cursor.Peek() is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '+' or '-' or '.' or ':')
        {
            cursor.Advance();
        }
    }

    private static bool LooksLikeDate(string token) =>
        token.Length >= 5 && char.IsAsciiDigit(token[0]) && char.IsAsciiDigit(token[1]) &&
        char.IsAsciiDigit(token[2]) && char.IsAsciiDigit(token[3]) && token[4] == '-';

    private static bool LooksLikeTime(string token) =>
        token.Length >= 3 && char.IsAsciiDigit(token[0]) && char.IsAsciiDigit(token[1]) && token[2] == ':';

    private static bool IsNumberStart(char c) => char.IsAsciiDigit(c) || c is '+' or '-' or 'i' or 'n' or '.' or '_';

    private object ReadNumber(int start, string token)
    {
        var sign = token[0] is '+' or '-' ? token[0] : '\0';
        var body = sign == '\0' ? token : token[1..];
        switch (body)
        {
            case "inf":
                return sign == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            case "nan":
                return double.NaN;
        }
        if (body.Length > 1 && body[0] == '0' && body[1] is 'x' or 'o' or 'b')
        {
            return sign == '\0'
                ? ReadPrefixedInteger(start, token)
                : throw Invalid(start, token, "a sign before a hexadecimal, octal or binary integer", "an unsigned 0x, 0o or 0b integer");
        }

        // Decimal: integer part, then an optional fraction and exponent.
        var i = sign == '\0' ? 0 : 1;
        var integerStart = i;
        ReadDigits(start, token, ref i, char.IsAsciiDigit, "integer part");
        if (token[integerStart] == '0' && i - integerStart > 1)
        {
            throw Invalid(start, token, "leading zero", "a number without leading zeros (0 on its own is fine)");
        }
        var isFloat = false;
        if (i < token.Length && token[i] == '.')
        {
            isFloat = true;
            i++;
            ReadDigits(start, token, ref i, char.IsAsciiDigit, "fraction");
        }
        if (i < token.Length && token[i] is 'e' or 'E')
        {
            isFloat = true;
            i++;
            if (i < token.Length && token[i] is '+' or '-')
            {
                i++;
            }
            ReadDigits(start, token, ref i, char.IsAsciiDigit, "exponent");
        }
        if (i != token.Length)
        {
            throw Invalid(start, token, $"unexpected '{token[i]}'", "digits, '_' between digits, a '.' fraction or an 'e' exponent");
        }
        var digits = token.Replace("_", "", StringComparison.Ordinal);
        if (isFloat)
        {
            return double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(start, token, "integer out of range", "an integer from -9223372036854775808 to 9223372036854775807");
    }

    private long ReadPrefixedInteger(int start, string token)
    {
        var (radix, isDigit, name) = token[1] switch
        {
            'x' => (16, (Func<char, bool>)char.IsAsciiHexDigit, "hexadecimal"),
            'o' => (8, c => c is >= '0' and <= '7', "octal"),
            _ => (2, (Func<char, bool>)(c => c is '0' or '1'), "binary"),
        };
        var i = 2;
        ReadDigits(start, token, ref i, isDigit, $"{name} digits");
        if (i != token.Length)
        {
            throw Invalid(start, token, $"unexpected '{token[i]}' in a {name} integer", $"{name} digits or '_' between digits");
        }
        ulong value = 0;
        foreach (var c in token.AsSpan(2))
        {
            if (c == '_')
            {
                continue;
            }
            var digit = (ulong)Convert.ToInt32(c.ToString(), 16);
            if (value > ((ulong)long.MaxValue - digit) / (ulong)radix)
            {
                throw Invalid(start, token, "integer out of range", "an integer no larger than 9223372036854775807");
            }
            value = value * (ulong)radix + digit;
        }
        return (long)value;
    }

    /// <summary>One or more digits, with each underscore between two digits.</summary>
    private void ReadDigits(int start, string token, ref int i, Func<char, bool> isDigit, string part)
    {
        var first = i;
        while (i < token.Length && (isDigit(token[i]) || token[i] == '_'))
        {
            if (token[i] == '_' && (i == first || !isDigit(token[i - 1]) || i + 1 >= token.Length || !isDigit(token[i + 1])))
            {
                throw Invalid(start, token, "misplaced '_'", "'_' only between two digits");
            }
            i++;
        }
        if (i == first)
        {
            var found = i < token.Length ? $"'{token[i]}'" : "the end of the number";
            throw Invalid(start, token, $"{found} where the {part} should be", $"at least one digit in the {part}");
        }
    }

    private TomlParseException Invalid(int start, string token, string problem, string expected) =>
        cursor.ErrorAt(start, $"invalid number '{token}': {problem}", expected);
}
