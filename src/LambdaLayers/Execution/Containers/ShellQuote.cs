namespace LambdaLayers.Execution.Containers;

/// <summary>POSIX sh quoting: every word is written so the shell passes it through byte for byte.</summary>
internal static class ShellQuote
{
    /// <summary>
    /// Single-quotes <paramref name="word"/> unless it consists only of characters the shell never
    /// interprets. Inside single quotes nothing is special except the quote itself, which is closed,
    /// escaped and reopened ('\'').
    /// </summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(IsPlain))
        {
            return word;
        }
        return "'" + word.Replace("'", "'\\''") + "'";
    }

    /// <summary>True for a valid environment variable name (what <c>export NAME=</c> accepts).</summary>
    public static bool IsVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || "-_./:=,+@%".Contains(c);
}
