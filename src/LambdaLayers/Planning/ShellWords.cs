using System.Text;

namespace LambdaLayers.Planning;

/// <summary>
/// Splits text into words the way a POSIX shell does before running a command: blanks separate words,
/// single quotes keep everything literally, double quotes keep blanks and let a backslash escape
/// <c>$ ` " \</c>, and a backslash outside quotes escapes the next character. Nothing is expanded
/// (<c>$HOME</c>, <c>*</c> and <c>~</c> stay as written) and no operator is special: the words go to a
/// program's argument list, never to a shell. This is how <c>--docker-args "--network host"</c> becomes
/// the two arguments <c>--network</c> and <c>host</c>.
/// </summary>
public static class ShellWords
{
    /// <summary>The words of <paramref name="text"/>; throws <see cref="FormatException"/> for an unclosed quote or a trailing backslash.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            switch (c)
            {
                case '\\':
                    if (++i == text.Length)
                    {
                        throw new FormatException("it ends with a lone backslash");
                    }
                    if (text[i] != '\n') // backslash-newline continues the line
                    {
                        word.Append(text[i]);
                    }
                    break;
                case '\'':
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new FormatException($"the single quote at position {i + 1} is not closed");
                    }
                    word.Append(text, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    var open = i;
                    for (i++; ; i++)
                    {
                        if (i == text.Length)
                        {
                            throw new FormatException($"the double quote at position {open + 1} is not closed");
                        }
                        if (text[i] == '"')
                        {
                            break;
                        }
                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '$' or '`' or '"' or '\\' or '\n')
                        {
                            i++;
                            if (text[i] == '\n')
                            {
                                continue;
                            }
                        }
                        word.Append(text[i]);
                    }
                    break;
                default:
                    word.Append(c);
                    break;
            }
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        return words;
    }
}
