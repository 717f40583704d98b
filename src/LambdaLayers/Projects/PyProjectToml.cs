using System.Buffers;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using LambdaLayers.FileSystem;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace LambdaLayers.Projects;

/// <summary>
/// Turns pyproject.toml into a Tomlyn <see cref="TomlTable"/>, refusing anything that is not one valid TOML document:
/// every error is a <see cref="PyProjectException"/> reading "<c>&lt;path&gt;:&lt;line&gt;:&lt;column&gt;: …</c>".
/// </summary>
/// <remarks>
/// Three passes, cheapest first. A scan of Tomlyn's tokens refuses a dotted key of more than <see cref="MaxDepth"/> parts
/// without allocating. <see cref="TomlSerializer"/> builds the table with nesting bounded by <see cref="MaxDepth"/>,
/// but lets a later duplicate key or table silently win. <see cref="SyntaxParser"/> with validation reports
/// duplicates with their line and column; it builds a full syntax tree and costs a few times more, so it only runs
/// on documents that passed the bounded read. docs/toml.md has the measurements.
/// </remarks>
internal static partial class PyProjectToml
{
    /// <summary>Nesting of tables and arrays, each dotted-key part counting as one level (Tomlyn's default, stated here).</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Real pyproject.toml files are a few KiB (large ones, with long linter configurations, tens of KiB); far past
    /// that it is the wrong file or a hostile one. The validating pass builds a full syntax tree, ~250 bytes per
    /// token: at this size a valid file of nothing but table headers peaks near 160 MB in a fresh process.
    /// </summary>
    public const long MaxBytes = 512 * 1024;

    public static TomlTable ReadFile(string path)
    {
        byte[] bytes;
        // Opened through RegularFile: a FIFO named pyproject.toml is refused by name instead of blocking the read.
        using var stream = RegularFile.OpenRead(path, "Replace it with the project's pyproject.toml, or point --project at the right folder.");
        try
        {
            var length = stream.Length;
            if (length > MaxBytes)
            {
                throw new PyProjectException(path,
                    $"'{path}' is {length:N0} bytes; a pyproject.toml larger than {MaxBytes / 1024:N0} KiB is refused " +
                    "(real ones are a few KiB). Check that --project points at the right folder.");
            }
            bytes = new byte[length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PyProjectException(path, $"Cannot read '{path}': {e.Message} Check that the file is readable.", e);
        }
        return Parse(path, Decode(path, bytes));
    }

    public static TomlTable Parse(string path, string text)
    {
        RefuseOverlongDottedKeys(path, text);
        var options = new TomlSerializerOptions { SourceName = path, MaxDepth = MaxDepth };
        TomlTable document;
        try
        {
            document = TomlSerializer.Deserialize<TomlTable>(text, options) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            throw Invalid(path, e);
        }

        DocumentSyntax syntax;
        try
        {
            syntax = SyntaxParser.Parse(text, options, path, validate: true);
        }
        catch (TomlException e)
        {
            throw Invalid(path, e);
        }
        foreach (var diagnostic in syntax.Diagnostics)
        {
            if (diagnostic.Kind == DiagnosticMessageKind.Error)
            {
                throw Invalid(path, diagnostic.Span.Start.Line + 1, diagnostic.Span.Start.Column + 1, diagnostic.Message);
            }
        }
        return document;
    }

    // Tomlyn checks the depth of a dotted key only once it has read the key whole, holding every part: a key of
    // 200,000 parts costs 30 MB and a third of a second before that error. Its lexer needs no context and
    // allocates nothing, and a chain of more than MaxDepth parts joined by dots can only be a key nested too
    // deep (Tomlyn refuses every such key), so the chain is refused here, located at its start.
    private static void RefuseOverlongDottedKeys(string path, string text)
    {
        var lexer = TomlLexer.Create(text, sourceName: path);
        var dots = 0;
        var (line, column) = (0, 0);
        while (lexer.MoveNext())
        {
            switch (lexer.Current.Kind)
            {
                case TokenKind.Dot:
                    if (++dots >= MaxDepth)
                    {
                        throw Invalid(path, line + 1, column + 1, TooDeep(), "Check that this is the right file.");
                    }
                    break;
                case TokenKind.BasicKey or TokenKind.String or TokenKind.StringLiteral:
                    if (dots == 0)
                    {
                        (line, column) = (lexer.CurrentSpan.Start.Line, lexer.CurrentSpan.Start.Column);
                    }
                    break;
                case TokenKind.Whitespaces:
                    break;
                default:
                    dots = 0;
                    break;
            }
        }
    }

    private static string TooDeep() =>
        $"tables and arrays are nested more than {MaxDepth} levels deep (each part of a dotted key such as a.b.c is one " +
        "level), which no real pyproject.toml needs";

    // TOML is UTF-8 only. Decoding with replacement would turn a stray Latin-1 byte into U+FFFD silently, so
    // the first invalid byte is an error located like any other.
    private static string Decode(string path, byte[] bytes)
    {
        var utf8 = bytes.AsSpan();
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }
        var chars = new char[utf8.Length];
        var status = Utf8.ToUtf16(utf8, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
        if (status == OperationStatus.Done)
        {
            return new string(chars, 0, charsWritten);
        }
        var before = chars.AsSpan(0, charsWritten);
        var line = before.Count('\n') + 1;
        var column = charsWritten - (before.LastIndexOf('\n') + 1) + 1;
        throw Invalid(path, line, column,
            $"byte 0x{utf8[bytesRead]:X2} is not UTF-8 (TOML files must be UTF-8: re-save the file in that encoding)");
    }

    private static PyProjectException Invalid(string path, TomlException e)
    {
        // A located exception carries its bare message in Diagnostics; the depth guard on dotted keys throws
        // without a location, and then only Message exists.
        var located = e.Diagnostics.Count > 0 ? e.Diagnostics[0] : null;
        var problem = located?.Message ?? e.Message;
        var advice = "Fix the file at that spot.";
        // Tomlyn's own text advises raising TomlSerializerOptions.MaxDepth, which means nothing to our user.
        if (problem.StartsWith("The maximum depth of", StringComparison.Ordinal))
        {
            problem = TooDeep();
            advice = "Check that this is the right file.";
        }
        var where = located is null ? path : $"{path}:{located.Span.Start.Line + 1}:{located.Span.Start.Column + 1}";
        return new PyProjectException(path, Message(where, problem, advice), e);
    }

    private static PyProjectException Invalid(string path, int line, int column, string problem, string advice = "Fix the file at that spot.") =>
        new(path, Message($"{path}:{line}:{column}", problem, advice));

    // Tomlyn points at a first definition as "(2,1)"; spelled out, it reads like the rest of the message.
    private static string Message(string where, string problem, string advice) =>
        $"pyproject.toml is not valid TOML: {where}: {EarlierPosition().Replace(problem.TrimEnd('.'), "at line $1, column $2")}. {advice}";

    [GeneratedRegex(@"\bat \((\d+),(\d+)\)")]
    private static partial Regex EarlierPosition();
}
