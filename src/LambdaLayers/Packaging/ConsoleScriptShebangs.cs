using System.Text;
using System.Text.RegularExpressions;

namespace LambdaLayers.Packaging;

/// <summary>
/// Makes the console scripts installers write into <c>python/bin</c> portable. pip, Poetry and uv write
/// the absolute path of the interpreter they ran with (<c>#!/home/ci/.venv/bin/python3.11</c>, or in a
/// container <c>#!/var/lang/bin/python3.12</c>), which does not exist on Lambda and differs from machine to
/// machine, so the zip would change with the build host. Such a first line becomes
/// <c>#!/usr/bin/env python3</c>; so does the <c>/bin/sh</c> trampoline pip writes when that path holds
/// spaces or is too long for a shebang. The rest of the file is kept byte for byte.
/// </summary>
public static partial class ConsoleScriptShebangs
{
    public const string PortableShebang = "#!/usr/bin/env python3";

    // Scripts are small; anything larger is a program (a bundled binary), not a generated script.
    private const long LargestScript = 1 << 20;

    /// <summary>Rewrites the scripts in <c>bin/</c> under <paramref name="pythonDirectory"/>; returns the names of those it changed.</summary>
    public static IReadOnlyList<string> Rewrite(string pythonDirectory)
    {
        var bin = Path.Combine(pythonDirectory, "bin");
        if (!Directory.Exists(bin))
        {
            return [];
        }
        var rewritten = new List<string>();
        foreach (var file in new DirectoryInfo(bin).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            if (file.LinkTarget is not null || file.Length > LargestScript || file.Length < 3)
            {
                continue;
            }
            var bytes = File.ReadAllBytes(file.FullName);
            var replaced = Portable(bytes);
            if (replaced is not null)
            {
                // Written in place, so the file keeps its mode (the executable bits).
                File.WriteAllBytes(file.FullName, replaced);
                rewritten.Add(file.Name);
            }
        }
        return rewritten;
    }

    /// <summary>The script with a portable first line, or null when it needs no change.</summary>
    public static byte[]? Portable(byte[] script)
    {
        if (script.Length < 2 || script[0] != '#' || script[1] != '!')
        {
            return null;
        }
        var lines = SplitLines(script, 3);
        var first = Encoding.UTF8.GetString(lines[0].Text);
        int replacedLines;
        if (AbsolutePythonShebang().IsMatch(first))
        {
            replacedLines = 1;
        }
        else if (first.TrimEnd() == "#!/bin/sh" && lines.Count >= 3 &&
                 ShellTrampoline().IsMatch(Encoding.UTF8.GetString(lines[1].Text)) &&
                 Encoding.UTF8.GetString(lines[2].Text).TrimEnd() == "' '''")
        {
            replacedLines = 3;
        }
        else
        {
            return null;
        }
        var restStart = lines[replacedLines - 1].End;
        var result = new byte[PortableShebang.Length + 1 + (script.Length - restStart)];
        Encoding.ASCII.GetBytes(PortableShebang, result);
        result[PortableShebang.Length] = (byte)'\n';
        script.AsSpan(restStart).CopyTo(result.AsSpan(PortableShebang.Length + 1));
        return result;
    }

    // Each line's bytes without its line break, and the offset just past the break.
    private static List<(byte[] Text, int End)> SplitLines(byte[] bytes, int count)
    {
        var lines = new List<(byte[], int)>();
        var start = 0;
        while (lines.Count < count && start < bytes.Length)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', start);
            var end = newline < 0 ? bytes.Length : newline + 1;
            var textEnd = newline < 0 ? bytes.Length : newline;
            if (textEnd > start && bytes[textEnd - 1] == '\r')
            {
                textEnd--;
            }
            lines.Add((bytes[start..textEnd], end));
            start = end;
        }
        return lines;
    }

    // "#!/abs/path/python3.11" with optional arguments; "#!/usr/bin/env …" is left alone.
    [GeneratedRegex(@"^#!\s*/(?!usr/bin/env\b)\S*/python[0-9.]*w?(\s.*)?$")]
    private static partial Regex AbsolutePythonShebang();

    // pip's trampoline for interpreter paths a shebang cannot hold: '''exec' "/path/python" "$0" "$@"
    [GeneratedRegex(@"^'''exec' .*python[0-9.]*w?""? ""\$0"" ""\$@""\s*$")]
    private static partial Regex ShellTrampoline();
}
