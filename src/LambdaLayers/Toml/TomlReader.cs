using System.Buffers;
using System.Text.Unicode;

namespace LambdaLayers.Toml;

/// <summary>Reads TOML 1.0 documents into <see cref="TomlTable"/>s; invalid documents raise <see cref="TomlParseException"/>.</summary>
public static class TomlReader
{
    /// <summary>Name used in messages when the caller gives none.</summary>
    public const string DefaultSourceName = "<toml>";

    /// <summary>Parses a document held in a string. <paramref name="sourceName"/> is the file name shown in error messages.</summary>
    public static TomlTable Parse(string text, string? sourceName = null)
    {
        var name = sourceName ?? DefaultSourceName;
        var cursor = new TomlCursor(text, name);
        RejectUnpairedSurrogates(cursor);
        if (text.StartsWith('\uFEFF'))
        {
            cursor.Position = 1; // a byte order mark is allowed at the very start only
        }
        return new TomlDocumentParser(cursor).Parse();
    }

    /// <summary>Parses a UTF-8 encoded document, rejecting bytes that are not valid UTF-8 (TOML requires it).</summary>
    public static TomlTable ParseUtf8(ReadOnlySpan<byte> utf8, string? sourceName = null)
    {
        var name = sourceName ?? DefaultSourceName;
        var chars = ArrayPool<char>.Shared.Rent(utf8.Length);
        try
        {
            var status = Utf8.ToUtf16(utf8, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
            var text = new string(chars, 0, charsWritten);
            if (status != OperationStatus.Done)
            {
                var cursor = new TomlCursor(text, name);
                throw cursor.ErrorAt(charsWritten, $"invalid UTF-8 byte 0x{utf8[bytesRead]:X2} at byte offset {bytesRead}",
                    "a document encoded in UTF-8 (re-save the file as UTF-8)");
            }
            return Parse(text, name);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Reads and parses a file; the path as given names the file in error messages.</summary>
    public static TomlTable ParseFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LayerException($"Cannot read the TOML file '{path}': {e.Message} Check that the file exists and is readable.", e);
        }
        return ParseUtf8(bytes, path);
    }

    private static void RejectUnpairedSurrogates(TomlCursor cursor)
    {
        var text = cursor.Text;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                throw cursor.ErrorAt(i, $"unpaired surrogate U+{(int)text[i]:X4}", "valid Unicode text");
            }
        }
    }
}
